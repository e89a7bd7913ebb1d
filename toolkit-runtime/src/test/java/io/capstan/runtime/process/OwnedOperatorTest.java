package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator a facade starts for itself (the started path runs in every facade's tests). */
class OwnedOperatorTest {

  private static KubernetesClient client() {
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  @DisplayName("a failing registration propagates its exception and leaves nothing started")
  void registrationFailure() {
    OwnedOperator owned = new OwnedOperator();
    AtomicReference<Operator> given = new AtomicReference<>();
    try (KubernetesClient client = client()) {
      ControllerBuilder.Settings settings =
          new ControllerBuilderTest.TestBuilder().client(client).concurrency(2).settings();

      assertThatThrownBy(
              () ->
                  owned.start(
                      settings,
                      operator -> {
                        given.set(operator);
                        throw new IOException("artifact server port in use");
                      }))
          .isInstanceOf(IOException.class)
          .hasMessage("artifact server port in use");
      assertThat(given.get()).isNotNull();
      assertThat(owned.running()).isFalse();
      owned.stop(); // nothing to stop: idempotent
      assertThat(owned.running()).isFalse();
    }
  }
}

package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The builder part every facade shares: names, defaults, validation. */
class ControllerBuilderTest {

  /** A facade builder as a controller writes one. */
  static final class TestBuilder extends ControllerBuilder<TestBuilder> {
    TestBuilder() {
      super(3);
    }

    @Override
    protected TestBuilder self() {
      return this;
    }
  }

  private static KubernetesClient client() {
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  @DisplayName("defaults: the controller's concurrency, 30s shutdown, all namespaces, a registry")
  void defaults() {
    try (KubernetesClient client = client()) {
      ControllerBuilder.Settings settings = new TestBuilder().client(client).settings();

      assertThat(settings.client()).isSameAs(client);
      assertThat(settings.concurrency()).isEqualTo(3);
      assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(settings.watchNamespaces()).isEmpty();
      assertThat(settings.meterRegistry()).isNotNull();
    }
  }

  @Test
  @DisplayName("every shared setting is kept as given, namespaces copied")
  void settings() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KubernetesClient client = client()) {
      ControllerBuilder.Settings settings =
          new TestBuilder()
              .client(client)
              .concurrency(7)
              .shutdownTimeout(Duration.ofSeconds(5))
              .watchNamespaces(Set.of("apps"))
              .meterRegistry(registry)
              .settings();

      assertThat(settings)
          .isEqualTo(
              new ControllerBuilder.Settings(
                  client, 7, Duration.ofSeconds(5), Set.of("apps"), registry));
      assertThat(settings.newOperator()).isNotNull();
    }
  }

  @Test
  @DisplayName("no client or a concurrency below 1 is refused")
  void refused() {
    assertThatThrownBy(() -> new TestBuilder().settings())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    assertThatThrownBy(() -> new TestBuilder().concurrency(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

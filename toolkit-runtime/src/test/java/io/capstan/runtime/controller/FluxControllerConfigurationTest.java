package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.testkind.InMemoryObjects;
import io.capstan.runtime.testkind.Widget;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FluxControllerConfigurationTest {

  @Test
  @DisplayName("the SDK configuration carries the kind, Flux's triggers and unlimited backoff")
  void configuration() {
    var config =
        FluxControllerConfiguration.of(
            Widget.class,
            "widget-controller",
            Set.of("flux-system"),
            new BaseConfigurationService());

    assertThat(config.getResourceClass()).isEqualTo(Widget.class);
    assertThat(config.getName()).isEqualTo("widget-controller");
    assertThat(config.isGenerationAware()).isFalse();
    assertThat(config.triggerReconcilerOnAllEvents()).isTrue();
    assertThat(config.getInformerConfig().getOnUpdateFilter()).isNotNull();
    assertThat(config.getInformerConfig().getNamespaces()).containsExactly("flux-system");
    FluxRetry retry = (FluxRetry) config.getRetry();
    assertThat(retry.min()).isEqualTo(Duration.ofMillis(750));
    assertThat(retry.max()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  @DisplayName("the SDK's update filter (new, old) triggers on a lost finalizer, not an added one")
  void updateFilterArgumentOrder() {
    var filter =
        FluxControllerConfiguration.of(
                Widget.class, "widget-controller", Set.of(), new BaseConfigurationService())
            .getInformerConfig()
            .getOnUpdateFilter();
    Widget without = Widget.named("podinfo");
    Widget with = Widget.named("podinfo");
    with.getMetadata().setFinalizers(List.of(Finalizers.FLUX));

    // JOSDK calls accept(newResource, oldResource).
    assertThat(filter.accept(with, without)).as("finalizer added").isFalse();
    assertThat(filter.accept(without, with)).as("finalizer removed by someone").isTrue();
  }

  @Test
  @DisplayName("a JOSDK operator accepts the generic reconciler for a concrete kind")
  void registers() {
    // Never started: registration builds the controller without talking to an API server.
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:9").build())
            .build()) {
      Operator operator = new Operator(o -> o.withKubernetesClient(client));
      FluxReconciler<Widget> reconciler =
          FluxReconciler.builder(new WidgetReconciler()).patcher(new InMemoryObjects()).build();

      var registered =
          FluxControllerConfiguration.register(operator, Widget.class, "widget", reconciler);

      assertThat(registered.getConfiguration().getResourceClass()).isEqualTo(Widget.class);
      assertThat(registered.getConfiguration().getName()).isEqualTo("widget");
      assertThat(registered.getConfiguration().triggerReconcilerOnAllEvents()).isTrue();
    }
  }
}

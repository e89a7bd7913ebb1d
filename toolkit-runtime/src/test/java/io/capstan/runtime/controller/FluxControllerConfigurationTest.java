package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.testkind.Widget;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
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
    GenericRetry retry = (GenericRetry) config.getRetry();
    assertThat(retry.getInitialInterval()).isEqualTo(750);
    assertThat(retry.getMaxInterval()).isEqualTo(15 * 60 * 1000);
    assertThat(retry.getIntervalMultiplier()).isEqualTo(2.0);
    assertThat(retry.getMaxAttempts()).isEqualTo(-1);
  }
}

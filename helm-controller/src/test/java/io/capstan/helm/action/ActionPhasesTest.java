package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.controller.ReleasePhaseTimers;
import io.capstan.helm.engine.Chart;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The phases of an action reach {@code capstan_helmrelease_phase_seconds}. */
@WithKubernetes
class ActionPhasesTest {
  private final Chart chart = Charts.load("demo");

  private static Timer timer(SimpleMeterRegistry registry, String phase) {
    return registry.find(ReleasePhaseTimers.NAME).tag("phase", phase).timer();
  }

  @Test
  @DisplayName(
      "an install records render, CRDs, storage reads and writes, apply and wait, each with its"
          + " own time")
  void installPhases(KubernetesClient client, KubeNamespace ns) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HelmActions actions =
        Charts.actions(client, ns.name()).phases(new ReleasePhaseTimers(registry));

    actions.install(InstallRequest.builder("app", ns.name(), chart).build());

    assertThat(timer(registry, HelmActions.PHASE_RENDER).count()).isEqualTo(1);
    assertThat(timer(registry, HelmActions.PHASE_CRDS).count()).isEqualTo(1);
    assertThat(timer(registry, HelmActions.PHASE_STORAGE_READ).count()).isEqualTo(1);
    // pending-install, then deployed
    assertThat(timer(registry, HelmActions.PHASE_STORAGE_WRITE).count()).isEqualTo(2);
    assertThat(timer(registry, HelmActions.PHASE_APPLY).count()).isEqualTo(1);
    assertThat(timer(registry, HelmActions.PHASE_WAIT).count()).isEqualTo(1);
    assertThat(timer(registry, HelmActions.PHASE_APPLY).totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
    assertThat(timer(registry, HelmActions.PHASE_RENDER).totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  @DisplayName("a phase that fails is timed too; nothing after it is")
  void failedPhase(KubernetesClient client, KubeNamespace ns) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HelmActions actions =
        Charts.actions(client, ns.name()).phases(new ReleasePhaseTimers(registry));

    assertThatThrownBy(
            () ->
                actions.install(
                    InstallRequest.builder("app", ns.name(), chart)
                        .values(Map.of("replicaCount", "three"))
                        .build()))
        .isInstanceOf(ActionException.class);

    assertThat(timer(registry, HelmActions.PHASE_RENDER).count()).isEqualTo(1);
    assertThat(timer(registry, HelmActions.PHASE_APPLY)).isNull();
    assertThat(timer(registry, HelmActions.PHASE_STORAGE_WRITE)).isNull();
  }

  @Test
  @DisplayName("without phases set, the actions record nothing and still work")
  void noPhases(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    assertThat(actions.phases()).isSameAs(ActionPhases.NONE);
    assertThat(actions.phases(null).phases()).isSameAs(ActionPhases.NONE);
    actions.install(InstallRequest.builder("app", ns.name(), chart).build());
  }
}

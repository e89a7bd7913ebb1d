package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flux's {@code reconcileRelease} marks {@code Reconciling=True Progressing "Fulfilling
 * prerequisites"} and writes it at the start of every reconcile, also one where nothing changed,
 * and removes it when the reconcile ends released.
 */
@WithKubernetes
class FulfillingPrerequisitesTest {

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static String reconciling(HelmRelease hr) {
    return HelmReleaseFixture.describeCondition(hr, "Reconciling");
  }

  @Test
  @DisplayName(
      "a no-change reconcile writes Reconciling=True 'Fulfilling prerequisites', then removes it")
  void everyReconcile(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0", PostRenderStrategyTest.chart());
    fixture.createHelmRelease(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
        spec:
          interval: 10m
          chartRef: {kind: HelmChart, name: chart}
          install: {disableWait: true, disableWaitForJobs: true}
        """);
    fixture.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(reconciling(fixture.get("app"))).isEmpty();

    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        fixture
            .client()
            .resources(HelmRelease.class)
            .withName("app")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, HelmRelease hr) {
                    seen.add(reconciling(hr));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      fixture
          .client()
          .resources(HelmRelease.class)
          .withName("app")
          .edit(
              h -> {
                h.getMetadata().getAnnotations().put("reconcile.fluxcd.io/requestedAt", "now");
                return h;
              });
      await()
          .atMost(HelmReleaseFixture.TIMEOUT)
          .until(() -> "now".equals(fixture.get("app").getStatus().getLastHandledReconcileAt()));
      await()
          .atMost(HelmReleaseFixture.TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .contains("True/Progressing: Fulfilling prerequisites")
                      .last()
                      .isEqualTo(""));
    }
    HelmRelease hr = fixture.get("app");
    assertThat(reconciling(hr)).isEmpty();
    assertThat(hr.getStatus().getHistory()).hasSize(1);
  }
}

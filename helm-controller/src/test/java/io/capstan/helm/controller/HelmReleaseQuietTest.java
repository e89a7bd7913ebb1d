package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.metrics.ControllerRuntimeMetrics;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The scale problems of issue #14, against a real API server: a requested reconcile is one
 * reconcile (not followed by a second one), status writes of the HelmChart that keep its artifact
 * do not reconcile the HelmRelease (only a new artifact revision or digest does, as Flux's
 * helm-controller), and a no-change reconcile does not write the HelmChart of {@code spec.chart}.
 */
@WithKubernetes
class HelmReleaseQuietTest {

  private static final Duration QUIET = Duration.ofSeconds(3);

  private HelmReleaseFixture fixture;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private double reconciles() {
    return registry
        .find(ControllerRuntimeMetrics.RECONCILE)
        .tag("controller", "helmrelease")
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private GenericKubernetesResource helmChart(String name) {
    return fixture
        .client()
        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmChart")
        .withName(name)
        .get();
  }

  /** Waits until no reconcile happened for {@link #QUIET}; returns the count then. */
  private double settle() throws InterruptedException {
    double seen = reconciles();
    while (true) {
      Thread.sleep(QUIET.toMillis());
      double now = reconciles();
      if (now == seen) {
        return now;
      }
      seen = now;
    }
  }

  private void requestAndAwaitHandled(String name) {
    String before = fixture.get(name).getStatus().getLastHandledReconcileAt();
    fixture.requestReconcile(name);
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String handled = fixture.get(name).getStatus().getLastHandledReconcileAt();
              return handled != null && !handled.equals(before);
            });
  }

  @Test
  @DisplayName(
      "spec.chart: a requested no-change reconcile is one reconcile and writes neither the"
          + " HelmChart nor anything twice; HelmChart status writes without a new artifact do not"
          + " reconcile, a new artifact revision does (once)")
  void quietWhenNothingChanges(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture =
        HelmReleaseFixture.start(
            plane, ns.name(), UnaryOperator.identity(), b -> b.meterRegistry(registry));
    HelmReleaseFixture f = fixture;
    f.createHelmRelease(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
        spec:
          interval: 1h
          chart:
            spec:
              chart: app
              version: "1.x"
              sourceRef: {kind: HelmRepository, name: repo}
        """);
    String chartName = ns.name() + "-app";
    await().atMost(HelmReleaseFixture.TIMEOUT).until(() -> helmChart(chartName) != null);
    f.publishChart(chartName, "1.0.0");
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    double settled = settle();
    String chartVersion = helmChart(chartName).getMetadata().getResourceVersion();

    // 1. A requested reconcile is one reconcile, and the unchanged HelmChart is not written.
    for (int i = 0; i < 3; i++) {
      requestAndAwaitHandled("app");
      double after = settle();
      assertThat(after - settled).as("reconciles for request %d", i + 1).isEqualTo(1.0);
      settled = after;
    }
    assertThat(helmChart(chartName).getMetadata().getResourceVersion())
        .as("the unchanged HelmChart is not written again")
        .isEqualTo(chartVersion);
    assertThat(f.get("app").getStatus().getHelmChart()).isEqualTo(ns.name() + "/" + chartName);

    // 2. source-controller's status writes that keep the artifact do not reconcile.
    for (int i = 0; i < 3; i++) {
      final int n = i;
      f.client()
          .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmChart")
          .withName(chartName)
          .editStatus(
              r -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> status =
                    new LinkedHashMap<>(
                        (Map<String, Object>) r.getAdditionalProperties().get("status"));
                status.put("observedGeneration", 1);
                status.put("lastHandledReconcileAt", "2026-12-06T00:00:0" + n + "Z");
                status.put(
                    "conditions",
                    List.of(
                        Map.of(
                            "type", "Ready",
                            "status", "True",
                            "reason", "Succeeded",
                            "message", "pulled 'app' chart with version '1.0.0' (" + n + ")",
                            "lastTransitionTime", "2026-12-06T00:00:0" + n + "Z")));
                r.getAdditionalProperties().put("status", status);
                return r;
              });
    }
    assertThat(settle()).as("status writes keeping the artifact").isEqualTo(settled);

    // 3. A new artifact revision reconciles (and upgrades), once.
    f.publishChart(chartName, "1.1.0");
    f.awaitCondition("app", "Ready", "True/UpgradeSucceeded");
    double upgraded = settle();
    assertThat(upgraded - settled).as("reconciles for a new artifact").isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "events that arrive while a HelmRelease waits for a worker do not reconcile it again after"
          + " the reconcile that saw them (the burst after all were Ready, issue #14)")
  void queuedEventsDoNotReconcileTwice(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture =
        HelmReleaseFixture.start(
            plane, ns.name(), o -> o.concurrent(1), b -> b.meterRegistry(registry));
    HelmReleaseFixture f = fixture;
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(HelmReleaseReconcilerTest.release("app", ""));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    settle();
    HelmReleaseController controller = f.controller().controllers().get(0);
    long skippedBefore = controller.skippedReconciles();

    // "slow" holds the only worker: its Deployment never becomes ready, the install waits 6 s
    // (its own ConfigMap: "one" belongs to "app").
    f.createHelmRelease(
        HelmReleaseReconcilerTest.release(
            "slow",
            "  timeout: 6s\n  values:\n    deployment: true\n    configs: {one: null, s: slow}\n"));
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.describe("slow", "Reconciling").startsWith("True"));
    // Two requests while "app" waits: its reconcile sees the second, then nothing changed.
    f.requestReconcile("app");
    Thread.sleep(200);
    f.requestReconcile("app");
    String token =
        f.get("app").getMetadata().getAnnotations().get("reconcile.fluxcd.io/requestedAt");
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> token.equals(f.get("app").getStatus().getLastHandledReconcileAt()));
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.describe("slow", "Ready").startsWith("False/InstallFailed"));
    settle();
    assertThat(controller.skippedReconciles() - skippedBefore)
        .as("the queued second event's reconcile is skipped")
        .isGreaterThanOrEqualTo(1);
    assertThat(f.describe("app", "Ready")).startsWith("True/InstallSucceeded");
  }
}

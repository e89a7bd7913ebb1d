package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How a reconcile flows, against a real API server: dependents reconciled at once when their
 * dependency becomes ready, the {@code AdditiveCELDependencyCheck} gate, the status written while a
 * long action runs, {@code Ready} next to {@code Stalled} when retries are exhausted, and {@code
 * persistentClient}.
 */
@WithKubernetes
class HelmReleaseFlowTest {

  private HelmReleaseFixture fixture;

  private HelmReleaseFixture start(
      KubeControlPlane plane,
      KubeNamespace ns,
      UnaryOperator<HelmControllerOptions.Builder> options)
      throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), options);
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0");
    return fixture;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static String release(String name, String extraSpec) {
    return HelmReleaseReconcilerTest.release(name, extraSpec);
  }

  private void mergePatch(String name, String json) {
    fixture
        .client()
        .resources(HelmRelease.class)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  @Test
  @DisplayName(
      "dependsOn: the dependent is installed as soon as its dependency becomes Ready, not after"
          + " --requeue-dependency (10m here)")
  void dependentsReconciledAtOnce(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns, b -> b.requeueDependency(Duration.ofMinutes(10)));
    f.createHelmRelease(
        release(
            "second",
            "  values:\n    configs: {one: null, two: second}\n"
                + "  dependsOn:\n  - name: first\n"));
    f.awaitCondition(
        "second",
        "Ready",
        "False/DependencyNotReady: dependency '" + ns.name() + "/first' not found");
    // Flux keeps the Reconciling mark of the reconcile's start while it waits (no
    // ProgressingWithRetry: helm-controller has no finalizeStatus rule).
    f.awaitCondition("second", "Reconciling", "True");
    assertThat(HelmReleaseFixture.describeCondition(f.get("second"), "Reconciling"))
        .isEqualTo("True/Progressing: Fulfilling prerequisites");

    // Suspended: exists but never Ready; the dependent keeps waiting.
    f.createHelmRelease(release("first", "  suspend: true\n"));
    f.awaitCondition("second", "Ready", "False/DependencyNotReady");

    mergePatch("first", "{\"spec\":{\"suspend\":false}}");
    f.awaitCondition("first", "Ready", "True/InstallSucceeded");
    long readyAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> f.describe("second", "Ready").startsWith("True/InstallSucceeded"));
    assertThat(Duration.ofNanos(System.nanoTime() - readyAt)).isLessThan(Duration.ofSeconds(20));
    assertThat(f.client().configMaps().withName("two").get().getData())
        .containsEntry("value", "second");
  }

  @Test
  @DisplayName(
      "dependsOn cleared: Ready=Unknown Progressing 'Fulfilling prerequisites' replaces"
          + " DependencyNotReady before the release runs (Flux's helmrelease_controller.go)")
  void clearedDependencyGivesWayToProgressing(KubeControlPlane plane, KubeNamespace ns)
      throws Exception {
    HelmReleaseFixture f = start(plane, ns, b -> b.requeueDependency(Duration.ofMinutes(10)));
    f.createHelmRelease(
        release(
            "second",
            "  values:\n    configs: {one: null, two: second}\n"
                + "  dependsOn:\n  - name: first\n"));
    f.awaitCondition("second", "Ready", "False/DependencyNotReady");
    List<String> written = new CopyOnWriteArrayList<>();
    try (Watch watch =
        f.client()
            .resources(HelmRelease.class)
            .withName("second")
            .watch(
                new Watcher<HelmRelease>() {
                  @Override
                  public void eventReceived(Action action, HelmRelease hr) {
                    written.add(HelmReleaseFixture.describeCondition(hr, "Ready"));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      f.createHelmRelease(release("first", "  values:\n    configs: {one: first}\n"));
      f.awaitCondition("second", "Ready", "True/InstallSucceeded");
    }
    List<String> states = written.stream().distinct().toList();
    int fulfilling = states.indexOf("Unknown/Progressing: Fulfilling prerequisites");
    int running = -1;
    for (int i = 0; i < states.size() && running < 0; i++) {
      if (states.get(i).startsWith("Unknown/Progressing: Running 'install' action")) {
        running = i;
      }
    }
    assertThat(fulfilling).as("states written: %s", states).isNotNegative().isLessThan(running);
    assertThat(states.subList(fulfilling, states.size()))
        .as("states written: %s", states)
        .noneMatch(state -> state.startsWith("False/"));
    assertThat(states.get(states.size() - 1)).startsWith("True/InstallSucceeded");
  }

  @Test
  @DisplayName(
      "AdditiveCELDependencyCheck on: a true readyExpr is not enough, the dependency must also be"
          + " Ready")
  void additiveCelGate(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f =
        start(
            plane,
            ns,
            b -> b.requeueDependency(Duration.ofSeconds(1)).additiveCelDependencyCheck(true));
    f.createHelmRelease(release("first", "  suspend: true\n"));
    f.createHelmRelease(
        release(
            "second",
            "  values:\n    configs: {one: null, two: second}\n"
                + "  dependsOn:\n  - name: first\n    readyExpr: dep.metadata.name == 'first'\n"));
    f.awaitCondition(
        "second",
        "Ready",
        "False/DependencyNotReady: dependency '" + ns.name() + "/first' is not ready");
    mergePatch("first", "{\"spec\":{\"suspend\":false}}");
    f.awaitCondition("second", "Ready", "True/InstallSucceeded");
  }

  @Test
  @DisplayName(
      "AdditiveCELDependencyCheck off (Flux's default): a true readyExpr replaces the built-in"
          + " check")
  void readyExprReplacesBuiltInCheck(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns, b -> b.requeueDependency(Duration.ofSeconds(1)));
    f.createHelmRelease(release("first", "  suspend: true\n"));
    f.createHelmRelease(
        release(
            "second",
            "  dependsOn:\n  - name: first\n" + "    readyExpr: dep.metadata.name == 'first'\n"));
    f.awaitCondition("second", "Ready", "True/InstallSucceeded");
    assertThat(f.describe("first", "Ready")).isEmpty();
  }

  @Test
  @DisplayName(
      "while an install waits for its Deployment the status says so (Reconciling=True \"Running"
          + " 'install' action with timeout of 1m0s\", Ready=Unknown); then Ready=True")
  void statusWhileActionRuns(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns, UnaryOperator.identity());
    f.createHelmRelease(release("app", "  timeout: 1m\n  values:\n    deployment: true\n"));
    String running = "Running 'install' action with timeout of 1m0s";
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(f.describe("app", "Reconciling"))
                  .isEqualTo("True/Progressing: " + running);
              assertThat(f.describe("app", "Ready")).isEqualTo("Unknown/Progressing: " + running);
            });
    // The action is still running: it applied the Deployment and waits for it.
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .until(() -> f.client().apps().deployments().withName("web").get() != null);
    Thread.sleep(2000);
    assertThat(f.describe("app", "Reconciling")).isEqualTo("True/Progressing: " + running);
    assertThat(f.describe("app", "Released")).isEmpty();

    // Play the Deployment controller: the Deployment becomes available, the install completes.
    f.client()
        .apps()
        .deployments()
        .withName("web")
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(1)
                      .withUpdatedReplicas(1)
                      .withReadyReplicas(1)
                      .withAvailableReplicas(1)
                      .withConditions(
                          new DeploymentConditionBuilder()
                              .withType("Available")
                              .withStatus("True")
                              .withReason("MinimumReplicasAvailable")
                              .build(),
                          new DeploymentConditionBuilder()
                              .withType("Progressing")
                              .withStatus("True")
                              .withReason("NewReplicaSetAvailable")
                              .build())
                      .build());
              return d;
            });
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(f.describe("app", "Reconciling")).isEmpty();
  }

  @Test
  @DisplayName(
      "out of install retries: Stalled=True RetriesExceeded, Ready=False keeps InstallFailed (as"
          + " Flux)")
  void readyKeepsFailureReasonWhenStalled(KubeControlPlane plane, KubeNamespace ns)
      throws Exception {
    HelmReleaseFixture f = start(plane, ns, UnaryOperator.identity());
    // An invalid ConfigMap name: the API server refuses it, the install fails.
    f.createHelmRelease(release("app", "  values:\n    configs: {Bad_Name: x}\n"));
    f.awaitCondition(
        "app", "Stalled", "True/RetriesExceeded: Failed to install after 1 attempt(s)");
    f.awaitCondition(
        "app", "Ready", "False/InstallFailed: Helm install failed for release " + ns.name());
    assertThat(f.describe("app", "Released"))
        .startsWith("False/InstallFailed: Helm install failed for release " + ns.name());
    assertThat(f.get("app").getStatus().getInstallFailures()).isEqualTo(1L);
  }

  @Test
  @DisplayName(
      "persistentClient: false runs each Helm action on a client of its own; true (default)"
          + " makes none")
  void persistentClient(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns, UnaryOperator.identity());
    HelmReleaseReconciler reconciler = f.controller().reconcilers().get(0);
    f.createHelmRelease(release("shared", ""));
    f.awaitCondition("shared", "Ready", "True/InstallSucceeded");
    assertThat(reconciler.actionClientsCreated()).isZero();

    f.createHelmRelease(
        release("own", "  persistentClient: false\n  values:\n    configs: {one: null, own: x}\n"));
    f.awaitCondition("own", "Ready", "True/InstallSucceeded");
    assertThat(f.get("own").getSpec().getPersistentClient()).isFalse();
    int afterInstall = reconciler.actionClientsCreated();
    assertThat(afterInstall).isEqualTo(1);

    mergePatch("own", "{\"spec\":{\"values\":{\"configs\":{\"own\":\"y\"}}}}");
    f.awaitCondition("own", "Ready", "True/UpgradeSucceeded");
    assertThat(reconciler.actionClientsCreated()).isEqualTo(afterInstall + 1);
    assertThat(f.client().configMaps().withName("own").get().getData()).containsEntry("value", "y");
  }
}

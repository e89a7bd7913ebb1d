package io.capstan.e2e.demo;

import static io.capstan.e2e.demo.DemoState.appVersion;
import static io.capstan.e2e.demo.DemoState.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The classic GitOps demo as one story, told against any {@link DemoCluster}: each scenario starts
 * from the state the previous one left (like a user at a terminal), so they run in order on one
 * cluster with one repository. source-controller and kustomize-controller run as separate JVM
 * processes from their deployable jars and meet only through the Kubernetes API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GitOpsDemoScenarios {

  static final String DEPLOYMENT_FILE = DemoRepository.PATH + "/deployment.yaml";

  GitOpsDemo demo;
  DemoState state;
  JarProcess kustomizeController;

  /** Starts the cluster the scenarios run on (Flux CRDs installed). */
  abstract DemoCluster startCluster();

  @BeforeAll
  void startDemo() {
    DemoCluster cluster = startCluster();
    try {
      demo = GitOpsDemo.start(cluster, getClass().getSimpleName());
      state = demo.state;
      kustomizeController = demo.startKustomizeController();
      demo.applyFluxObjects();
    } catch (RuntimeException e) {
      if (demo == null) {
        cluster.close();
      } else {
        stopDemo();
      }
      throw e;
    }
  }

  @AfterAll
  void stopDemo() {
    if (demo != null) {
      DemoCluster cluster = demo.cluster;
      demo.close();
      cluster.close();
    }
  }

  @AfterEach
  void clusterAndSourceControllerStillRun() {
    demo.cluster.ensureRunning();
    assertThat(demo.sourceController().isAlive())
        .as("source-controller is alive; log tail:\n%s", demo.sourceController().logTail(30))
        .isTrue();
  }

  @Test
  @Order(1)
  @DisplayName(
      "a GitRepository and a Kustomization apply the webapp: every object, Deployment Available,"
          + " Ready at the commit's revision")
  void appliesTheWebapp() {
    String revision = demo.repository.headRevision();

    awaitReadyAt(revision, Duration.ofSeconds(120));

    assertThat(state.inventoryIds())
        .containsExactly(
            "_webapp__Namespace",
            "webapp_web-app__ConfigMap",
            "webapp_web-proxy__ConfigMap",
            "webapp_web__Service",
            "webapp_web_apps_Deployment");
    assertThat(state.ownedObjectIds()).containsExactlyElementsOf(state.inventoryIds());
    Deployment deployment = state.deployment();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("app", "proxy");
    assertThat(deployment.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Available");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    awaitOneReadyPod("1.0.0");
  }

  @Test
  @Order(2)
  @DisplayName(
      "a commit changing APP_VERSION rolls the Deployment out: new ReplicaSet, its pod Ready, the"
          + " new revision in both statuses")
  void rollsOutANewAppVersion() {
    String oldTemplateHash = currentTemplateHash();
    RevCommit commit =
        demo.repository.replace(
            "webapp: version 1.1.0", DEPLOYMENT_FILE, "value: \"1.0.0\"", "value: \"1.1.0\"");

    awaitReadyAt(DemoRepository.revision(commit), Duration.ofSeconds(60));

    Deployment deployment = state.deployment();
    assertThat(appVersion(deployment.getSpec().getTemplate().getSpec())).isEqualTo("1.1.0");
    awaitOneReadyPod("1.1.0");
    String newTemplateHash = currentTemplateHash();
    assertThat(newTemplateHash).isNotEqualTo(oldTemplateHash);
    assertThat(state.replicaSets())
        .anySatisfy(
            rs -> {
              assertThat(templateHash(rs)).isEqualTo(oldTemplateHash);
              assertThat(rs.getSpec().getReplicas()).isZero();
            });
  }

  @Test
  @Order(3)
  @DisplayName(
      "scaling the Deployment to 4 through the scale subresource is reverted to 1 within one"
          + " interval, the extra pods gone")
  void revertsAManualScale() {
    RollableScalableResource<Deployment> web =
        demo.cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(DemoState.APP_NAMESPACE)
            .withName("web");
    Scale scale = web.scale();
    scale.getSpec().setReplicas(4);
    long scaledAt = System.nanoTime();
    assertThat(web.scale(scale).getSpec().getReplicas()).as("the scale was accepted").isEqualTo(4);

    await()
        .atMost(GitOpsDemo.KUSTOMIZATION_INTERVAL.plusSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> state.deployment().getSpec().getReplicas() == 1);
    Duration reverted = Duration.ofNanos(System.nanoTime() - scaledAt);
    System.err.printf(
        "[capstan-e2e] manual scale to 4 reverted to 1 after %d ms%n", reverted.toMillis());
    await()
        .atMost(demo.cluster.podReadyTimeout())
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(state.pods()).hasSize(1).allMatch(DemoState::isReady));
  }

  @Test
  @Order(4)
  @DisplayName(
      "a broken manifest makes the Kustomization Ready=False naming the file and leaves the app"
          + " untouched; a fixing commit recovers")
  void reportsABrokenManifestAndRecovers() {
    String appliedBefore = state.kustomization().getStatus().getLastAppliedRevision();
    Map<String, String> versionsBefore = state.appResourceVersions();
    String goodService = demo.repository.file("webapp/service.yaml");
    RevCommit broken =
        demo.repository.commit(
            "webapp: break the service",
            Map.of(
                "webapp/service.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: [unclosed\n"));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Kustomization k = state.kustomization();
              Condition ready = condition(k.getStatus().getConditions(), "Ready").orElseThrow();
              assertThat(ready.getStatus()).hasToString("False");
              assertThat(ready.getReason()).isEqualTo("BuildFailed");
              assertThat(ready.getMessage()).contains("invalid YAML in webapp/service.yaml");
              assertThat(k.getStatus().getLastAttemptedRevision())
                  .isEqualTo(DemoRepository.revision(broken));
            });
    assertThat(state.kustomization().getStatus().getLastAppliedRevision()).isEqualTo(appliedBefore);
    assertThat(state.appResourceVersions()).isEqualTo(versionsBefore);
    assertThat(state.pods()).hasSize(1).allMatch(DemoState::isReady);

    RevCommit fixed =
        demo.repository.commit(
            "webapp: fix the service", Map.of("webapp/service.yaml", goodService));
    awaitReadyAt(DemoRepository.revision(fixed), Duration.ofSeconds(60));
    assertThat(state.appResourceVersions())
        .as("the fix restores what was applied, so nothing is rewritten")
        .isEqualTo(versionsBefore);
  }

  @Test
  @Order(5)
  @DisplayName("`git revert` of the last commit restores the previous state (rollback through Git)")
  void rollsBackThroughGitRevert() {
    String deploymentBefore = demo.repository.file(DEPLOYMENT_FILE);
    RevCommit upgrade =
        demo.repository.replace(
            "webapp: version 2.0.0", DEPLOYMENT_FILE, "value: \"1.1.0\"", "value: \"2.0.0\"");
    awaitReadyAt(DemoRepository.revision(upgrade), Duration.ofSeconds(60));
    awaitOneReadyPod("2.0.0");

    ObjectId revert = demo.repository.revertHeadWithGit();

    assertThat(demo.repository.file(DEPLOYMENT_FILE)).isEqualTo(deploymentBefore);
    awaitReadyAt(DemoRepository.revision(revert), Duration.ofSeconds(60));
    assertThat(appVersion(state.deployment().getSpec().getTemplate().getSpec())).isEqualTo("1.1.0");
    awaitOneReadyPod("1.1.0");
  }

  @Test
  @Order(6)
  @DisplayName(
      "kill -9 of kustomize-controller mid-reconcile, then a restart: converges, inventory equals"
          + " the objects carrying the owner labels")
  void convergesAfterTheControllerIsKilledMidReconcile() {
    String kustomization = demo.repository.file(DemoRepository.PATH + "/kustomization.yaml");
    String deployment = demo.repository.file(DEPLOYMENT_FILE);
    RevCommit commit =
        demo.repository.commit(
            "webapp: version 3.0.0 with a banner",
            Map.of(
                DemoRepository.PATH + "/banner.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-banner\n"
                    + "data:\n  banner: hello from 3.0.0\n",
                DemoRepository.PATH + "/kustomization.yaml",
                kustomization.replace("  - service.yaml", "  - service.yaml\n  - banner.yaml"),
                DEPLOYMENT_FILE,
                deployment.replace("value: \"1.1.0\"", "value: \"3.0.0\"")));
    String revision = DemoRepository.revision(commit);

    // Kill as soon as the new Deployment is applied: the reconcile is then waiting for the rollout
    // and has not written its status yet.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> "3.0.0".equals(appVersion(state.deployment().getSpec().getTemplate().getSpec())));
    kustomizeController.killHard();
    System.err.printf(
        "[capstan-e2e] kustomize-controller killed; Kustomization lastAppliedRevision then: %s%n",
        state.kustomization().getStatus().getLastAppliedRevision());

    kustomizeController = demo.startKustomizeController();
    awaitReadyAt(revision, Duration.ofSeconds(90));

    List<String> inventory = state.inventoryIds();
    assertThat(inventory)
        .containsExactly(
            "_webapp__Namespace",
            "webapp_web-app__ConfigMap",
            "webapp_web-banner__ConfigMap",
            "webapp_web-proxy__ConfigMap",
            "webapp_web__Service",
            "webapp_web_apps_Deployment");
    assertThat(state.ownedObjectIds()).containsExactlyElementsOf(inventory);
    awaitOneReadyPod("3.0.0");
  }

  @Test
  @Order(7)
  @DisplayName(
      "two kustomize-controller processes with --enable-leader-election: only the Lease holder"
          + " reconciles; killed, the other takes over")
  void leaderElectionHandsOverWhenTheLeaderDies() {
    assertThat(kustomizeController.terminate(Duration.ofSeconds(30)))
        .as("the single kustomize-controller stops on SIGTERM")
        .isIn(0, 143);
    JarProcess first = demo.startKustomizeController(LeaderLease.FLAGS);
    JarProcess second = demo.startKustomizeController(LeaderLease.FLAGS);
    String holder = LeaderLease.awaitHolder(demo.cluster.client(), null, Duration.ofSeconds(60));
    JarProcess leader = LeaderLease.awaitSingleLeader(first, second);
    JarProcess follower = leader == first ? second : first;
    assertThat(leader.log()).as("the leader's log names the Lease holder").contains(holder);

    RevCommit commit =
        demo.repository.replace(
            "webapp: version 4.0.0", DEPLOYMENT_FILE, "value: \"3.0.0\"", "value: \"4.0.0\"");
    awaitReadyAt(DemoRepository.revision(commit), Duration.ofSeconds(60));
    assertThat(LeaderLease.reconciles(leader)).as("reconciles logged by the leader").isPositive();
    assertThat(LeaderLease.reconciles(follower))
        .as("reconciles logged by the follower while the other holds the Lease")
        .isZero();

    leader.killHard();
    String newHolder =
        LeaderLease.awaitHolder(demo.cluster.client(), holder, Duration.ofSeconds(60));
    assertThat(follower.log()).as("the new holder is the follower").contains(newHolder);
    RevCommit next =
        demo.repository.replace(
            "webapp: version 4.1.0", DEPLOYMENT_FILE, "value: \"4.0.0\"", "value: \"4.1.0\"");
    awaitReadyAt(DemoRepository.revision(next), Duration.ofSeconds(60));
    assertThat(LeaderLease.reconciles(follower))
        .as("reconciles logged by the new leader")
        .isPositive();
    awaitOneReadyPod("4.1.0");
    kustomizeController = follower;
  }

  /**
   * Waits until both statuses show {@code revision}: the GitRepository's artifact and the
   * Kustomization's last applied revision, with Ready=True, then checks the status contract.
   */
  void awaitReadyAt(String revision, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              GitRepository source = state.gitRepository();
              assertThat(source.getStatus()).as("GitRepository status").isNotNull();
              assertThat(source.getStatus().getArtifact()).as("artifact").isNotNull();
              assertThat(source.getStatus().getArtifact().getRevision()).isEqualTo(revision);
              Kustomization k = state.kustomization();
              assertThat(k.getStatus()).as("Kustomization status").isNotNull();
              assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(revision);
              Condition ready = condition(k.getStatus().getConditions(), "Ready").orElseThrow();
              assertThat(ready.getStatus()).hasToString("True");
            });
    Kustomization k = state.kustomization();
    Condition ready = condition(k.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(ready.getReason()).isEqualTo("ReconciliationSucceeded");
    assertThat(ready.getMessage()).isEqualTo("Applied revision: " + revision);
    assertThat(k.getStatus().getObservedGeneration()).isEqualTo(k.getMetadata().getGeneration());
    assertThat(condition(k.getStatus().getConditions(), "Stalled")).isEmpty();
    assertThat(condition(k.getStatus().getConditions(), "Reconciling")).isEmpty();
    GitRepository source = state.gitRepository();
    assertThat(condition(source.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .hasToString("True");
    assertThat(source.getStatus().getObservedGeneration())
        .isEqualTo(source.getMetadata().getGeneration());
  }

  /** Waits until the webapp has exactly one Pod, Ready, running {@code version}. */
  void awaitOneReadyPod(String version) {
    await()
        .atMost(demo.cluster.podReadyTimeout())
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              List<Pod> pods = state.pods();
              assertThat(pods).hasSize(1);
              assertThat(pods.get(0)).matches(DemoState::isReady, "is Ready");
              assertThat(appVersion(pods.get(0).getSpec())).isEqualTo(version);
            });
  }

  private String currentTemplateHash() {
    List<Pod> pods = state.pods();
    assertThat(pods).hasSize(1);
    return pods.get(0).getMetadata().getLabels().get("pod-template-hash");
  }

  private static String templateHash(ReplicaSet replicaSet) {
    return replicaSet.getMetadata().getLabels().get("pod-template-hash");
  }
}

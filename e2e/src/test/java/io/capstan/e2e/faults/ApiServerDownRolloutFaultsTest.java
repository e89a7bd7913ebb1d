package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.NS;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability row (a) in cluster mode: the API server stopped for 60 s in the middle of a rollout
 * (source-controller and kustomize-controller as their own JVMs, a Kustomization applying a
 * Deployment and 30 ConfigMaps whose new revision is being fetched and applied when the API server
 * goes). Once it is back, the new revision is applied whole (nothing lost) and applied once (no
 * object rewritten after convergence, the Deployment's generation moved exactly once).
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("API server down 60 s in the middle of a rollout: both controllers converge")
class ApiServerDownRolloutFaultsTest {

  private static final Duration KS_INTERVAL = Duration.ofSeconds(3);
  private static final int CONFIG_MAPS = 30;

  private SourceFixture fx;
  private JarProcess kustomizeController;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    fx = new SourceFixture(tmp, SourceFixture.createDirectories(tmp.resolve("storage")), "rollout");
    Path logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "faults");
    kustomizeController =
        JarProcess.start(
            kustomizeJar(),
            fx.plane.kubeconfig(),
            Files.createDirectories(logs).resolve("rollout-kustomize-controller.log"),
            Map.of("RUNTIME_NAMESPACE", NS),
            List.of(
                "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                "--concurrent=2"));
  }

  private static Path kustomizeJar() {
    String configured = System.getProperty("capstan.e2e.kustomizeControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "kustomize-controller", "target", "capstan-kustomize-controller.jar");
  }

  @AfterAll
  void stop() {
    if (kustomizeController != null) {
      kustomizeController.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  /** A revision: one Deployment (image tag = version) and CONFIG_MAPS ConfigMaps. */
  private RevCommit commitRelease(int version) {
    Map<String, String> files = new HashMap<>();
    files.put(
        "deploy/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: ghcr.io/example/web:%d.0.0
        """
            .formatted(version));
    for (int i = 0; i < CONFIG_MAPS; i++) {
      files.put(
          "deploy/cm-" + i + ".yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-"
              + i
              + "\n  namespace: default\ndata:\n  version: \""
              + version
              + "\"\n");
    }
    return fx.repository.commit(BRANCH, "release v" + version, files);
  }

  private Kustomization kustomization() {
    return fx.client.resources(Kustomization.class).inNamespace(NS).withName("app").get();
  }

  private Deployment deployment() {
    return fx.client.apps().deployments().inNamespace("default").withName("web").get();
  }

  private Map<String, String> configMapVersions() {
    Map<String, String> versions = new HashMap<>();
    for (ConfigMap cm : fx.client.configMaps().inNamespace("default").list().getItems()) {
      if (cm.getMetadata().getName().startsWith("cm-")) {
        versions.put(cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
      }
    }
    return versions;
  }

  private Duration awaitAppliedAt(String revision, int version, Duration timeout) {
    long begin = System.nanoTime();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Kustomization k = kustomization();
              assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(revision);
              assertThat(
                      k.getStatus().getConditions().stream()
                          .filter(c -> "Ready".equals(c.getType()))
                          .findFirst()
                          .orElseThrow()
                          .getStatus())
                  .hasToString("True");
              assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0))
                  .extracting(c -> c.getImage())
                  .isEqualTo("ghcr.io/example/web:" + version + ".0.0");
              for (int i = 0; i < CONFIG_MAPS; i++) {
                assertThat(
                        fx.client
                            .configMaps()
                            .inNamespace("default")
                            .withName("cm-" + i)
                            .get()
                            .getData())
                    .containsEntry("version", Integer.toString(version));
              }
            });
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  @Test
  @DisplayName(
      "API server stopped 60 s while a new revision is fetched and applied: once back, the"
          + " Deployment and all 30 ConfigMaps are at the new revision, written once")
  void apiServerDownMidRollout() throws Exception {
    RevCommit first = commitRelease(1);
    fx.client
        .resource(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: app
              namespace: %s
            spec:
              interval: %ds
              path: ./deploy
              prune: true
              timeout: 30s
              sourceRef:
                kind: GitRepository
                name: %s
            """
                .formatted(NS, KS_INTERVAL.toSeconds(), SourceFixture.NAME))
        .create();
    report("rollout baseline applied", awaitAppliedAt(revision(first), 1, Duration.ofSeconds(120)));
    long generationBefore = deployment().getMetadata().getGeneration();

    // The rollout: a new revision; the API server goes as soon as source-controller has its
    // artifact, i.e. while kustomize-controller fetches and applies it (or is about to).
    RevCommit second = commitRelease(2);
    fx.awaitReadyAt(revision(second), Duration.ofSeconds(60));
    String appliedAtStop = kustomization().getStatus().getLastAppliedRevision();
    long cmsAtV2 =
        fx.client.configMaps().inNamespace("default").list().getItems().stream()
            .filter(cm -> "2".equals(cm.getData() == null ? null : cm.getData().get("version")))
            .count();
    fx.plane.stopApiServer();
    System.err.printf(
        "[capstan-faults] rollout: API server stopped with lastAppliedRevision %s, %d of %d"
            + " ConfigMaps at v2%n",
        appliedAtStop, cmsAtV2, CONFIG_MAPS);
    Thread.sleep(60_000);
    assertThat(fx.sourceController().isAlive()).as("source-controller survives").isTrue();
    assertThat(kustomizeController.isAlive()).as("kustomize-controller survives").isTrue();

    long begin = System.nanoTime();
    fx.plane.startApiServer();
    awaitAppliedAt(revision(second), 2, Duration.ofSeconds(180));
    report(
        "API server down 60 s mid-rollout, converge after start",
        Duration.ofNanos(System.nanoTime() - begin));

    // Nothing lost, nothing applied twice: every object at v2, the Deployment's generation moved
    // once, and no object is rewritten over the next intervals.
    assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generationBefore + 1);
    Map<String, String> settled = configMapVersions();
    assertThat(settled).hasSize(CONFIG_MAPS);
    Thread.sleep(KS_INTERVAL.multipliedBy(4).toMillis());
    assertThat(configMapVersions())
        .as("no ConfigMap rewritten after convergence")
        .isEqualTo(settled);
    assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generationBefore + 1);
    fx.assertOneArtifactPerRevision();
  }
}

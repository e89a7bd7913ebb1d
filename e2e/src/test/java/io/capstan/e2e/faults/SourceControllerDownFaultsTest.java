package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.NS;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix row (c): source-controller down for several intervals. kustomize-controller
 * (its own JVM) keeps what it applied, reports the artifact failure on the Kustomization, and
 * converges on the commit made meanwhile once source-controller is back.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName(
    "source-controller down for several intervals, kustomize-controller keeps what it applied")
class SourceControllerDownFaultsTest {

  private static final Duration KS_INTERVAL = Duration.ofSeconds(3);

  private SourceFixture fx;
  private JarProcess kustomizeController;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger configMapMissing = new AtomicInteger();
  private final Set<String> configMapVersions = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    fx = new SourceFixture(tmp, SourceFixture.createDirectories(tmp.resolve("storage")), "ks");
    Path logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "faults");
    kustomizeController =
        JarProcess.start(
            kustomizeJar(),
            fx.plane.kubeconfig(),
            Files.createDirectories(logs).resolve("ks-kustomize-controller.log"),
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
  void stop() throws Exception {
    sampler.shutdownNow();
    if (kustomizeController != null) {
      kustomizeController.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private RevCommit commitConfigMap(int version) {
    return fx.repository.commit(
        BRANCH,
        "config v" + version,
        Map.of(
            "deploy/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\n"
                + "data:\n  version: \""
                + version
                + "\"\n"));
  }

  private Kustomization kustomization() {
    return fx.client.resources(Kustomization.class).inNamespace(NS).withName("app").get();
  }

  private Optional<Condition> ready() {
    Kustomization k = kustomization();
    if (k == null || k.getStatus() == null || k.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return k.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }

  private ConfigMap configMap() {
    return fx.client.configMaps().inNamespace("default").withName("demo").get();
  }

  private Duration awaitAppliedAt(String revision, String version) {
    long begin = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(kustomization().getStatus().getLastAppliedRevision()).isEqualTo(revision);
              assertThat(ready().orElseThrow().getStatus()).hasToString("True");
              assertThat(configMap().getData()).containsEntry("version", version);
            });
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  @Test
  @DisplayName(
      "ArtifactFailed while source-controller is down, the applied ConfigMap kept untouched; back:"
          + " the commit made meanwhile is applied")
  void sourceControllerDown() throws Exception {
    RevCommit first = commitConfigMap(1);
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
    report("ks baseline applied", awaitAppliedAt(revision(first), "1"));
    sampler.scheduleWithFixedDelay(
        () -> {
          try {
            ConfigMap cm = configMap();
            if (cm == null) {
              configMapMissing.incrementAndGet();
            } else {
              configMapVersions.add(cm.getMetadata().getResourceVersion());
            }
          } catch (RuntimeException ignored) {
            // retried on the next tick
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    String resourceVersion = configMap().getMetadata().getResourceVersion();

    assertThat(fx.sourceController().terminate(30)).as("source-controller exit code").isIn(0, 143);
    RevCommit meanwhile = commitConfigMap(2);
    String[] message = new String[1];
    long down = System.nanoTime();
    // Like Flux, the artifact download is retried 9 times with backoff (up to 30 s) inside one
    // reconcile before the failure reaches the status: about 2.5 minutes.
    await()
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Condition ready = ready().orElseThrow();
              assertThat(ready.getStatus()).hasToString("False");
              assertThat(ready.getReason()).isEqualTo("ArtifactFailed");
              message[0] = ready.getMessage();
            });
    System.err.println(
        "[capstan-faults] source-controller down, Kustomization says: " + message[0]);
    assertThat(message[0]).contains("failed to fetch artifact of revision " + revision(first));
    Thread.sleep(KS_INTERVAL.multipliedBy(3).toMillis());
    assertThat(configMap().getMetadata().getResourceVersion())
        .as("the applied ConfigMap is kept, untouched")
        .isEqualTo(resourceVersion);
    assertThat(kustomization().getStatus().getLastAppliedRevision()).isEqualTo(revision(first));

    long begin = System.nanoTime();
    fx.startSourceController();
    awaitAppliedAt(revision(meanwhile), "2");
    report(
        "source-controller back, Kustomization applied",
        Duration.ofNanos(System.nanoTime() - begin));
    Thread.sleep(KS_INTERVAL.multipliedBy(2).toMillis());
    assertThat(configMapMissing).as("samples without the ConfigMap").hasValue(0);
    assertThat(configMapVersions)
        .as("ConfigMap versions: one before, one after (no repeated writes)")
        .hasSize(2);
  }
}

package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Artifact;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix row (g): 100 commits within a minute, through source-controller and
 * kustomize-controller (both as their own JVMs). source-controller fetches the branch head at each
 * reconcile, so it must end at the newest commit without working through a backlog (far fewer
 * artifacts than commits), one artifact per revision, and bounded memory. kustomize-controller
 * applies only revisions the source offers, in commit order (never an older one after a newer one),
 * ends at the newest, writes the object once per applied revision and not again once converged,
 * with bounded memory.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("a burst of 100 commits in a minute")
class CommitBurstFaultsTest {

  private static final Duration KS_INTERVAL = Duration.ofSeconds(2);

  private SourceFixture fx;
  private JarProcess kustomizeController;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    fx = new SourceFixture(tmp, SourceFixture.createDirectories(tmp.resolve("storage")), "burst");
    Path logs = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs"), "faults");
    kustomizeController =
        JarProcess.start(
            kustomizeJar(),
            fx.plane.kubeconfig(),
            Files.createDirectories(logs).resolve("burst-kustomize-controller.log"),
            Map.of("RUNTIME_NAMESPACE", SourceFixture.NS),
            List.of(
                "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                "--concurrent=2"));
    RevCommit base = fx.repository.commit(BRANCH, "burst 0", Map.of("deploy/burst.yaml", cm(0)));
    fx.client
        .resource(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: burst
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
                .formatted(SourceFixture.NS, KS_INTERVAL.toSeconds(), SourceFixture.NAME))
        .create();
    report("burst baseline ready", fx.awaitReadyAt(revision(base), Duration.ofSeconds(120)));
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> revision(base).equals(lastApplied()));
  }

  private static Path kustomizeJar() {
    String configured = System.getProperty("capstan.e2e.kustomizeControllerJar");
    return configured != null
        ? Path.of(configured)
        : Path.of("..", "kustomize-controller", "target", "capstan-kustomize-controller.jar");
  }

  private static String cm(int n) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: burst\n  namespace: default\n"
        + "data:\n  n: \""
        + n
        + "\"\n";
  }

  private String lastApplied() {
    Kustomization k =
        fx.client
            .resources(Kustomization.class)
            .inNamespace(SourceFixture.NS)
            .withName("burst")
            .get();
    return k == null || k.getStatus() == null ? null : k.getStatus().getLastAppliedRevision();
  }

  private ConfigMap burstConfigMap() {
    return fx.client.configMaps().inNamespace("default").withName("burst").get();
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

  private static long rssKib(JarProcess process) throws IOException {
    long pid = process.pids().get(0);
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  @Test
  @DisplayName(
      "100 commits in 60 s: the newest becomes the artifact and is applied, no backlog, applied in"
          + " commit order, one artifact per revision, no write after convergence, bounded memory")
  void burst() throws Exception {
    long rssBefore = rssKib(fx.sourceController());
    long ksRssBefore = rssKib(kustomizeController);
    Set<String> revisionsSeen = ConcurrentHashMap.newKeySet();
    Map<String, Integer> commitIndex = new ConcurrentHashMap<>();
    List<String> appliedSequence = new CopyOnWriteArrayList<>();
    Set<String> configMapVersions = ConcurrentHashMap.newKeySet();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(
        () -> {
          try {
            String applied = lastApplied();
            if (applied != null
                && (appliedSequence.isEmpty()
                    || !appliedSequence.get(appliedSequence.size() - 1).equals(applied))) {
              appliedSequence.add(applied);
            }
            ConfigMap cm = burstConfigMap();
            if (cm != null) {
              configMapVersions.add(cm.getMetadata().getResourceVersion());
            }
          } catch (RuntimeException ignored) {
            // a sample lost to a transient error is not a finding
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    RevCommit last = null;
    long begin = System.nanoTime();
    try {
      for (int i = 1; i <= 100; i++) {
        last = fx.repository.commit(BRANCH, "burst " + i, Map.of("deploy/burst.yaml", cm(i)));
        commitIndex.put(revision(last), i);
        fx.artifact().map(Artifact::getRevision).ifPresent(revisionsSeen::add);
        Thread.sleep(Math.max(0, begin / 1_000_000 + i * 600L - System.nanoTime() / 1_000_000));
      }
      Duration burst = Duration.ofNanos(System.nanoTime() - begin);
      Duration converge = fx.awaitReadyAt(revision(last), Duration.ofSeconds(60));
      report(
          "burst of 100 commits in " + burst.toSeconds() + " s, converge after the last", converge);
      long appliedFrom = System.nanoTime();
      String newest = revision(last);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(lastApplied()).isEqualTo(newest);
                assertThat(burstConfigMap().getData()).containsEntry("n", "100");
              });
      report(
          "burst, kustomize side: applied the newest after source Ready",
          Duration.ofNanos(System.nanoTime() - appliedFrom));
      report(
          "burst, kustomize side: applied the newest after the last commit",
          Duration.ofNanos(System.nanoTime() - begin).minus(burst));
      // Converged: the object is not written again over four more intervals.
      String settled = burstConfigMap().getMetadata().getResourceVersion();
      Thread.sleep(KS_INTERVAL.multipliedBy(4).toMillis());
      assertThat(burstConfigMap().getMetadata().getResourceVersion())
          .as("no write after convergence")
          .isEqualTo(settled);
      assertThat(lastApplied()).isEqualTo(newest);
    } finally {
      sampler.shutdownNow();
    }
    fx.assertArtifactServed(revision(last));
    fx.assertOneArtifactPerRevision();

    // Applied in commit order: never an older revision after a newer one (no backlog replay).
    List<Integer> order =
        appliedSequence.stream().map(r -> commitIndex.getOrDefault(r, 0)).toList();
    assertThat(order).as("applied revisions in commit order").isSorted();
    assertThat(order).last().isEqualTo(100);

    long rssAfter = rssKib(fx.sourceController());
    long ksRssAfter = rssKib(kustomizeController);
    System.err.printf(
        "[capstan-faults] burst: %d artifact revisions observed for 100 commits; source-controller"
            + " RSS %d -> %d KiB; kustomize-controller applied %d revisions (%s), ConfigMap"
            + " written %d times, RSS %d -> %d KiB%n",
        revisionsSeen.size(),
        rssBefore,
        rssAfter,
        appliedSequence.size(),
        order,
        configMapVersions.size(),
        ksRssBefore,
        ksRssAfter);
    assertThat(revisionsSeen.size()).as("artifact revisions observed").isLessThan(100);
    assertThat(appliedSequence.size()).as("revisions applied").isLessThan(60);
    // -Xmx256m: the process stays well under heap + metaspace + code cache.
    assertThat(rssAfter).isLessThan(600 * 1024);
    assertThat(ksRssAfter).isLessThan(600 * 1024);
  }
}

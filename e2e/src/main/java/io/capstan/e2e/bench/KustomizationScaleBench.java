package io.capstan.e2e.bench;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark for issue #6 (run by {@code -Pbench} in e2e, never by {@code verify}): N Kustomizations
 * of three objects each from one GitRepository, on a fresh kube-apiserver + etcd per run,
 * source-controller from its shaded jar and kustomize-controller in its own JVM. For each {@code
 * --concurrent} and N it prints the time from the first create to all Ready, the peak RSS of the
 * kustomize-controller, its API requests per Kustomization, and the steady-state cost of one
 * no-change reconcile (requests and ms, from the controller's client-side request log). The
 * measuring is {@link ScaleRun}'s; this class holds the fixture and the columns.
 *
 * <p>Arguments: the project root. System properties: {@code capstan.bench.sizes} (default {@code
 * 100,500,1000}), {@code capstan.bench.concurrent} ({@code 4,10}), {@code capstan.bench.kcJvm}
 * (kustomize-controller JVM flags), {@code capstan.bench.scJvm} (source-controller's), {@code
 * capstan.bench.jfr=true} (a JFR recording per run under {@code e2e/target/bench}), {@code
 * capstan.bench.kcCommand} (the controller command instead of the e2e classpath launcher, e.g.
 * {@code -jar kustomize-controller/target/capstan-kustomize-controller.jar}), {@code
 * capstan.bench.diagnose=true} ({@link Diagnostics} after all Ready).
 */
public final class KustomizationScaleBench {

  static final String COMMAND =
      "./mvnw -B -o -pl source-controller,e2e -am verify -Pbench -DskipTests"
          + " -Dcapstan.bench.skipEngine=true -Dcapstan.bench.skipFootprint=true"
          + " -Dcapstan.bench.skipHelmReleases=true";

  /** The {@link ScaleRun.Row#extras} key of {@link #twoPushes}' count. */
  static final String TWO_PUSHES = "twoPushes";

  private KustomizationScaleBench() {}

  /** Runs every configured (concurrent, N) pair and appends the table to {@code BENCHMARKS.md}. */
  public static void main(String[] args) throws Exception {
    ScaleRun.runAll(
        args,
        new BenchReport("Kustomizations at scale, run", COMMAND),
        "kustomizations.md",
        "4,10",
        KustomizationScaleBench::run,
        KustomizationScaleBench::table);
  }

  /** The columns of BENCHMARKS.md's Kustomization rows. */
  static MarkdownTable table(List<ScaleRun.Row> rows) {
    return ScaleTable.of(
        rows,
        ScaleTable.peakRss("peak RSS"),
        ScaleTable.cpu("controller CPU"),
        ScaleTable.threads(),
        ScaleTable.requestsPer("Kustomization"),
        ScaleTable.requestsAfterReady(),
        ScaleTable.extra(
            "two pushes 1 s apart: API requests until all applied + 5 s quiet", TWO_PUSHES));
  }

  static ScaleRun.Row run(Path root, Path out, int concurrent, int n) throws Exception {
    String tag = "c" + concurrent + "-n" + n;
    Path tmp = Files.createTempDirectory("kbench-" + tag);
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer());
        TestGitRepository repo = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git = GitHttpServer.builder().start()) {
      String ns = "bench";
      KubernetesClient client = BenchCluster.prepare(plane, ns);
      repo.commit("main", "fleet", FleetFixture.files());
      git.serve("fleet", repo.repository());
      Path requestLog = out.resolve("requests-" + tag + ".log");
      try (MonitoredProcess source =
              ControllerCommands.sourceController(root, plane.kubeconfig(), tmp, out, tag);
          MonitoredProcess kc =
              ControllerCommands.kustomizeController(
                  root, plane.kubeconfig(), concurrent, requestLog, out, tag)) {
        var gitRepos = new ScaleRun.Objects(client, FleetFixture.SOURCE_V1, "GitRepository", ns);
        gitRepos
            .operation()
            .resource(FleetFixture.gitRepository(ns, git.url("fleet").toString()))
            .create();
        ScaleRun.awaitReady(gitRepos, 1, Duration.ofMinutes(2), source);
        ControllerCommands.awaitStarted(kc, "kustomize-controller", Duration.ofMinutes(2));
        var kustomizations =
            new ScaleRun.Objects(client, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", ns);
        ScaleRun measured =
            ScaleRun.measure(
                kustomizations,
                n,
                i -> FleetFixture.kustomization(ns, i),
                kc,
                requestLog,
                Duration.ofMinutes(20),
                () -> {
                  if (Boolean.getBoolean("capstan.bench.diagnose")) {
                    Diagnostics.capture(kc, out, "kustomize-controller-" + tag);
                  }
                });
        long twoPushes = twoPushes(repo, gitRepos, kustomizations, n, requestLog);
        ScaleRun.Row result =
            new ScaleRun.Row(concurrent, n, measured, Map.of(TWO_PUSHES, twoPushes));
        System.out.println("BENCH " + result);
        return result;
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
  }

  /**
   * Two commits pushed about one second apart while all N are Ready (the second as soon as
   * source-controller has the first): every request the kustomize-controller makes until all N
   * applied the second and its log has been quiet for 5 s. Kustomizations still waiting for a
   * worker when the second artifact arrives get its event while queued, the case toolkit-runtime's
   * {@code skipUnchanged} is for.
   */
  private static long twoPushes(
      TestGitRepository repo,
      ScaleRun.Objects gitRepos,
      ScaleRun.Objects kustomizations,
      int n,
      Path requestLog)
      throws Exception {
    long before = RequestLogFile.count(requestLog);
    String revision = null;
    for (int push = 1; push <= 2; push++) {
      Map<String, String> files = new HashMap<>(FleetFixture.files());
      files.put("push.txt", "push " + push + "\n"); // outside app/: same objects, new artifact
      revision = "main@sha1:" + repo.commit("main", "push " + push, files).name();
      String token = "push-" + push + "-" + System.nanoTime();
      gitRepos
          .operation()
          .withName("fleet")
          .edit(
              r -> {
                Map<String, String> annotations = new TreeMap<>();
                if (r.getMetadata().getAnnotations() != null) {
                  annotations.putAll(r.getMetadata().getAnnotations());
                }
                annotations.put("reconcile.fluxcd.io/requestedAt", token);
                r.getMetadata().setAnnotations(annotations);
                return r;
              });
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!artifactRevision(gitRepos.operation().withName("fleet").get()).equals(revision)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("GitRepository did not fetch " + revision);
        }
        Thread.sleep(50);
      }
      if (push == 1) {
        Thread.sleep(1000);
      }
    }
    String last = revision;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (kustomizations.operation().list().getItems().stream()
            .filter(k -> last.equals(FleetFixture.statusField(k, "lastAppliedRevision")))
            .count()
        < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not all Kustomizations applied " + last);
      }
      Thread.sleep(500);
    }
    return ScaleRun.settle(requestLog, RequestLogFile.count(requestLog)) - before;
  }

  private static String artifactRevision(GenericKubernetesResource source) {
    Object status = source.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> s
            && s.get("artifact") instanceof Map<?, ?> a
            && a.get("revision") != null
        ? a.get("revision").toString()
        : "";
  }
}

package io.capstan.e2e.bench;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

  private KustomizationScaleBench() {}

  /** One measured run. */
  record Result(int concurrent, int n, ScaleRun run) {}

  /**
   * Runs every configured (concurrent, N) pair, prints a markdown table and appends it, with the
   * date, machine and command, to {@code BENCHMARKS.md}.
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    BenchReport report = new BenchReport("Kustomizations at scale, run", COMMAND);
    List<Result> results = new ArrayList<>();
    for (String c : System.getProperty("capstan.bench.concurrent", "4,10").split(",")) {
      for (String n : System.getProperty("capstan.bench.sizes", "100,500,1000").split(",")) {
        results.add(run(root, out, Integer.parseInt(c.trim()), Integer.parseInt(n.trim())));
      }
    }
    String table = table(results).toString();
    System.out.println(table);
    report.append(root, out.resolve("kustomizations.md"), "", table);
  }

  /** The columns of BENCHMARKS.md's Kustomization rows. */
  static MarkdownTable table(List<Result> results) {
    MarkdownTable table =
        new MarkdownTable(
            "--concurrent",
            "N",
            "create loop",
            "create → all Ready",
            "peak RSS",
            "controller CPU",
            "threads",
            "API requests / Kustomization (create → Ready)",
            "no-change reconcile: requests",
            "its duration (first → last request)",
            "annotate → handled");
    for (Result r : results) {
      ScaleRun m = r.run();
      table.row(
          r.concurrent(),
          r.n(),
          String.format("%.1f s", m.createSeconds()),
          String.format("**%.1f s**", m.readySeconds()),
          String.format("%.0f MiB", m.peakRssMib()),
          String.format("%.1f s", m.cpuSeconds()),
          m.threads(),
          String.format("%.1f", m.requestsPerObject()),
          m.steady().requests(),
          m.steady().spanMs() + " ms",
          m.steady().latencyMs() + " ms");
    }
    return table;
  }

  static Result run(Path root, Path out, int concurrent, int n) throws Exception {
    String tag = "c" + concurrent + "-n" + n;
    Path tmp = Files.createTempDirectory("kbench-" + tag);
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer());
        TestGitRepository repo = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git = GitHttpServer.builder().start()) {
      KubernetesClient client = plane.client();
      CustomResourceDefinitions.install(
          client,
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofMinutes(1));
      repo.commit("main", "fleet", FleetFixture.files());
      git.serve("fleet", repo.repository());
      String ns = "bench";
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      Path requestLog = out.resolve("requests-" + tag + ".log");
      try (MonitoredProcess source =
              ControllerCommands.sourceController(root, plane.kubeconfig(), tmp, out, tag);
          MonitoredProcess kc =
              ControllerCommands.kustomizeController(
                  root, plane.kubeconfig(), concurrent, requestLog, out, tag)) {
        var gitRepos =
            client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository");
        gitRepos
            .inNamespace(ns)
            .resource(FleetFixture.gitRepository(ns, git.url("fleet").toString()))
            .create();
        ScaleRun.awaitReady(gitRepos, ns, 1, Duration.ofMinutes(2), source);
        ControllerCommands.awaitStarted(kc, "kustomize-controller", Duration.ofMinutes(2));
        var kustomizations =
            client.genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
        ScaleRun measured =
            ScaleRun.measure(
                kustomizations,
                ns,
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
        Result result = new Result(concurrent, n, measured);
        System.out.println("BENCH " + result);
        return result;
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
  }
}

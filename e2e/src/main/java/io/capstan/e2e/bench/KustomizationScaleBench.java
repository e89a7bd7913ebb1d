package io.capstan.e2e.bench;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark for issue #6 (run by {@code -Pbench} in e2e, never by {@code verify}): N Kustomizations
 * of three objects each from one GitRepository, on a fresh kube-apiserver + etcd per run,
 * source-controller from its shaded jar and kustomize-controller in its own JVM. For each {@code
 * --concurrent} and N it prints the time from the first create to all Ready, the peak RSS of the
 * kustomize-controller, its API requests per Kustomization, and the steady-state cost of one
 * no-change reconcile (requests and ms, from the controller's client-side request log).
 *
 * <p>Arguments: the project root. System properties: {@code capstan.bench.sizes} (default {@code
 * 100,500,1000}), {@code capstan.bench.concurrent} ({@code 4,10}), {@code capstan.bench.kcJvm}
 * (kustomize-controller JVM flags), {@code capstan.bench.scJvm} (source-controller's), {@code
 * capstan.bench.jfr=true} (a JFR recording per run under {@code e2e/target/bench}), {@code
 * capstan.bench.kcCommand} (the controller command instead of the e2e classpath launcher, e.g.
 * {@code -jar kustomize-controller/target/capstan-kustomize-controller.jar}).
 */
public final class KustomizationScaleBench {

  private static final int STEADY_SAMPLES = 5;

  private KustomizationScaleBench() {}

  /** One measured run. */
  record Result(
      int concurrent,
      int n,
      double createSeconds,
      double readySeconds,
      double peakRssMib,
      double cpuSeconds,
      int threads,
      double requestsPerKustomization,
      long requestsAfterReady,
      SteadyState.Sample steady,
      long requestsTwoPushes) {}

  /**
   * Runs every configured (concurrent, N) pair, prints a markdown table and appends it, with the
   * date, machine and command, to {@code BENCHMARKS.md}.
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    List<Result> results = new ArrayList<>();
    for (String c : System.getProperty("capstan.bench.concurrent", "4,10").split(",")) {
      for (String n : System.getProperty("capstan.bench.sizes", "100,500,1000").split(",")) {
        results.add(run(root, out, Integer.parseInt(c.trim()), Integer.parseInt(n.trim())));
      }
    }
    StringBuilder table = new StringBuilder();
    table.append(
        "| --concurrent | N | create loop | create → all Ready | peak RSS | controller CPU"
            + " | threads"
            + " | API requests / Kustomization (create → Ready) | API requests after all Ready"
            + " (until 5 s quiet) | no-change reconcile:"
            + " requests | its duration (first → last request) | annotate → handled"
            + " | two pushes 1 s apart: API requests until all applied + 5 s quiet |\n");
    table.append(
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Result r : results) {
      table.append(
          String.format(
              "| %d | %d | %.1f s | **%.1f s** | %.0f MiB | %.1f s | %d | %.1f | %d | %s | %s ms | %s"
                  + " ms | %d |%n",
              r.concurrent(),
              r.n(),
              r.createSeconds(),
              r.readySeconds(),
              r.peakRssMib(),
              r.cpuSeconds(),
              r.threads(),
              r.requestsPerKustomization(),
              r.requestsAfterReady(),
              r.steady().requests(),
              r.steady().spanMs(),
              r.steady().latencyMs(),
              r.requestsTwoPushes()));
    }
    System.out.println(table);
    Files.writeString(out.resolve("kustomizations.md"), table);
    Files.writeString(
        root.resolve("BENCHMARKS.md"),
        "\n### Kustomizations at scale, run of "
            + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            + "\n\nMachine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, Java "
            + System.getProperty("java.version")
            + ", load average at the end "
            + loadAverage()
            + ". Command: `./mvnw -B -o -pl source-controller,e2e -am verify -Pbench -DskipTests"
            + " -Dcapstan.bench.skipEngine=true` with `-Dcapstan.bench.sizes="
            + System.getProperty("capstan.bench.sizes", "100,500,1000")
            + " -Dcapstan.bench.concurrent="
            + System.getProperty("capstan.bench.concurrent", "4,10")
            + "`.\n\n"
            + table,
        java.nio.charset.StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** The 1-minute load average from /proc/loadavg, or "n/a". */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
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
        MixedOperation<
                GenericKubernetesResource,
                GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>
            gitRepos =
                client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository");
        gitRepos
            .inNamespace(ns)
            .resource(FleetFixture.gitRepository(ns, git.url("fleet").toString()))
            .create();
        awaitReady(gitRepos, ns, 1, Duration.ofMinutes(2), source);
        ControllerCommands.awaitStarted(kc, Duration.ofMinutes(2));
        MixedOperation<
                GenericKubernetesResource,
                GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>
            kustomizations =
                client.genericKubernetesResources(
                    "kustomize.toolkit.fluxcd.io/v1", "Kustomization");
        long requestsBefore = RequestLogFile.lines(requestLog).size();
        double cpuBefore = kc.cpuSeconds();
        long start = System.nanoTime();
        createAll(kustomizations, ns, n);
        long created = System.nanoTime();
        awaitReady(kustomizations, ns, n, Duration.ofMinutes(20), kc);
        long ready = System.nanoTime();
        long requestsAtReady = RequestLogFile.lines(requestLog).size();
        double cpuAtReady = kc.cpuSeconds();
        Thread.sleep(3000); // trailing requests of the last reconciles
        long requestsAfter = RequestLogFile.lines(requestLog).size();
        // Every request once all are Ready (re-reconciles nothing asked for), until 5 s quiet.
        long settled = requestsAfter;
        for (int quiet = 0, waited = 0; quiet < 5 && waited < 60; waited++) {
          Thread.sleep(1000);
          long now = RequestLogFile.lines(requestLog).size();
          quiet = now == settled ? quiet + 1 : 0;
          settled = now;
        }
        int threads = kc.threads();
        if (Boolean.getBoolean("capstan.bench.diagnose")) {
          Diagnostics.capture(kc, out, "kustomize-controller-" + tag);
        }
        SteadyState.Sample steady =
            SteadyState.measure(kustomizations.inNamespace(ns), n, STEADY_SAMPLES, requestLog);
        long twoPushes = twoPushes(repo, gitRepos, kustomizations, ns, n, requestLog);
        Result result =
            new Result(
                concurrent,
                n,
                (created - start) / 1e9,
                (ready - start) / 1e9,
                kc.peakRssMib(),
                cpuAtReady - cpuBefore,
                threads,
                (requestsAfter - requestsBefore) / (double) n,
                settled - requestsAtReady,
                steady,
                twoPushes);
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
   * worker when the second artifact arrives get its event while queued.
   */
  private static long twoPushes(
      TestGitRepository repo,
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          gitRepos,
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          kustomizations,
      String ns,
      int n,
      Path requestLog)
      throws Exception {
    long before = RequestLogFile.lines(requestLog).size();
    String revision = null;
    for (int push = 1; push <= 2; push++) {
      java.util.Map<String, String> files = new java.util.HashMap<>(FleetFixture.files());
      files.put("push.txt", "push " + push + "\n"); // outside app/: same objects, new artifact
      revision = "main@sha1:" + repo.commit("main", "push " + push, files).name();
      String token = "push-" + push + "-" + System.nanoTime();
      gitRepos
          .inNamespace(ns)
          .withName("fleet")
          .edit(
              r -> {
                java.util.Map<String, String> annotations = new java.util.TreeMap<>();
                if (r.getMetadata().getAnnotations() != null) {
                  annotations.putAll(r.getMetadata().getAnnotations());
                }
                annotations.put("reconcile.fluxcd.io/requestedAt", token);
                r.getMetadata().setAnnotations(annotations);
                return r;
              });
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!artifactRevision(gitRepos.inNamespace(ns).withName("fleet").get()).equals(revision)) {
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
    while (kustomizations.inNamespace(ns).list().getItems().stream()
            .filter(k -> last.equals(FleetFixture.statusField(k, "lastAppliedRevision")))
            .count()
        < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not all Kustomizations applied " + last);
      }
      Thread.sleep(500);
    }
    long settled = RequestLogFile.lines(requestLog).size();
    for (int quiet = 0, waited = 0; quiet < 5 && waited < 60; waited++) {
      Thread.sleep(1000);
      long now = RequestLogFile.lines(requestLog).size();
      quiet = now == settled ? quiet + 1 : 0;
      settled = now;
    }
    return settled - before;
  }

  private static String artifactRevision(GenericKubernetesResource source) {
    Object status = source.getAdditionalProperties().get("status");
    return status instanceof java.util.Map<?, ?> s
            && s.get("artifact") instanceof java.util.Map<?, ?> a
            && a.get("revision") != null
        ? a.get("revision").toString()
        : "";
  }

  private static void createAll(
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          kustomizations,
      String ns,
      int n)
      throws Exception {
    // Four client threads, like a few kubectl applies at once; the loop time is reported apart.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(
            pool.submit(
                () ->
                    kustomizations
                        .inNamespace(ns)
                        .resource(FleetFixture.kustomization(ns, index))
                        .create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void awaitReady(
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          kind,
      String ns,
      int n,
      Duration timeout,
      MonitoredProcess controller)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long ready = 0;
    while (System.nanoTime() < deadline && controller.isAlive()) {
      ready = kind.inNamespace(ns).list().getItems().stream().filter(FleetFixture::isReady).count();
      if (ready == n) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        ready
            + "/"
            + n
            + " Ready before the deadline (controller alive: "
            + controller.isAlive()
            + ", log "
            + controller.log()
            + ")");
  }
}

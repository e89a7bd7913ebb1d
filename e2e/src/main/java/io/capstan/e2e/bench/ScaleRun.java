package io.capstan.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The measured part shared by the scale benchmarks (Kustomizations, HelmReleases): with the fixture
 * ready and the controller started, create N objects {@code k<i>} with four client threads, clock
 * create → a list showing all N {@code Ready=True}, the controller's peak RSS, CPU and threads, its
 * API requests per object from its request log, then the no-change reconcile sample ({@link
 * SteadyState}). {@link #runAll} is both benchmarks' {@code main}: every (concurrent, N) pair, the
 * table, the block in {@code BENCHMARKS.md}. Each benchmark keeps only its fixture and its columns.
 *
 * @param createSeconds the create loop
 * @param readySeconds first create → all Ready
 * @param peakRssMib the controller's peak VmRSS over its whole life so far
 * @param cpuSeconds the controller's CPU (user + system) from first create to all Ready
 * @param threads the controller's threads right after all Ready (+3 s)
 * @param requestsPerObject API requests of the controller from first create to all Ready (+3 s) / N
 * @param requestsAfterReady API requests of the controller from the moment all are Ready until its
 *     request log has been quiet for 5 s (re-reconciles nobody asked for show here)
 * @param steady the no-change reconcile (medians of {@value #STEADY_SAMPLES} samples)
 */
record ScaleRun(
    double createSeconds,
    double readySeconds,
    double peakRssMib,
    double cpuSeconds,
    int threads,
    double requestsPerObject,
    long requestsAfterReady,
    SteadyState.Sample steady) {

  static final int STEADY_SAMPLES = 5;

  /**
   * One row of a scale benchmark's table: the controller's {@code --concurrent}, N, the run, and
   * figures of the benchmark's own ({@code extras}, by name, for its own columns).
   */
  record Row(int concurrent, int n, ScaleRun run, Map<String, Object> extras) {
    Row(int concurrent, int n, ScaleRun run) {
      this(concurrent, n, run, Map.of());
    }
  }

  /** The objects of one kind in one namespace. */
  record Objects(KubernetesClient client, String apiVersion, String kind, String ns) {
    NonNamespaceOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        operation() {
      // An explicit context, not discovery: right after the CRDs are Established the API
      // server may not serve them in discovery yet ("Could not find the metadata for the given
      // apiVersion and kind", seen once under -Pbench).
      String lower = kind.toLowerCase(java.util.Locale.ROOT);
      String plural =
          lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
      ResourceDefinitionContext context =
          new ResourceDefinitionContext.Builder()
              .withGroup(apiVersion.substring(0, apiVersion.indexOf('/')))
              .withVersion(apiVersion.substring(apiVersion.indexOf('/') + 1))
              .withKind(kind)
              .withPlural(plural)
              .withNamespaced(true)
              .build();
      return client.genericKubernetesResources(context).inNamespace(ns);
    }

    /** How many of them a list shows {@code Ready=True}. */
    long ready() {
      return operation().list().getItems().stream().filter(FleetFixture::isReady).count();
    }
  }

  /** One (concurrent, N) run of a benchmark, fixture included. */
  @FunctionalInterface
  interface Bench {
    Row run(Path root, Path out, int concurrent, int n) throws Exception;
  }

  /**
   * A scale benchmark's {@code main}: runs {@code bench} for every {@code capstan.bench.concurrent}
   * (default {@code defaultConcurrent}) and {@code capstan.bench.sizes} (default {@code
   * 100,500,1000}) pair, prints the table and appends it to {@code BENCHMARKS.md} ({@code report})
   * with a copy in {@code e2e/target/bench/<copy>}.
   */
  static void runAll(
      String[] args,
      BenchReport report,
      String copy,
      String defaultConcurrent,
      Bench bench,
      Function<List<Row>, MarkdownTable> table)
      throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    List<Row> rows = new ArrayList<>();
    for (String c : System.getProperty("capstan.bench.concurrent", defaultConcurrent).split(",")) {
      for (String n : System.getProperty("capstan.bench.sizes", "100,500,1000").split(",")) {
        rows.add(bench.run(root, out, Integer.parseInt(c.trim()), Integer.parseInt(n.trim())));
      }
    }
    String text = table.apply(rows).toString();
    System.out.println(text);
    report.append(root, out.resolve(copy), "", text);
  }

  /**
   * Creates {@code n} objects ({@code object.apply(i)}, named {@code k<i>}) and measures.
   *
   * @param afterReady run once all are Ready and the trailing requests counted, before the steady
   *     samples (diagnostics)
   */
  static ScaleRun measure(
      Objects objects,
      int n,
      IntFunction<GenericKubernetesResource> object,
      MonitoredProcess controller,
      Path requestLog,
      Duration timeout,
      Runnable afterReady)
      throws Exception {
    long requestsBefore = RequestLogFile.count(requestLog);
    double cpuBefore = controller.cpuSeconds();
    long start = System.nanoTime();
    createAll(objects, n, object);
    long created = System.nanoTime();
    awaitReady(objects, n, timeout, controller);
    long ready = System.nanoTime();
    long requestsAtReady = RequestLogFile.count(requestLog);
    double cpuAtReady = controller.cpuSeconds();
    Thread.sleep(3000); // trailing requests of the last reconciles
    long requestsAfter = RequestLogFile.count(requestLog);
    long settled = settle(requestLog, requestsAfter);
    int threads = controller.threads();
    afterReady.run();
    SteadyState.Sample steady =
        SteadyState.measure(objects.operation(), n, STEADY_SAMPLES, requestLog);
    return new ScaleRun(
        (created - start) / 1e9,
        (ready - start) / 1e9,
        controller.peakRssMib(),
        cpuAtReady - cpuBefore,
        threads,
        (requestsAfter - requestsBefore) / (double) n,
        settled - requestsAtReady,
        steady);
  }

  /**
   * Waits until the request log has not grown for 5 s (at most 60 s) and returns its line count
   * then; {@code count} is the count already read.
   */
  static long settle(Path requestLog, long count) throws Exception {
    long settled = count;
    for (int quiet = 0, waited = 0; quiet < 5 && waited < 60; waited++) {
      Thread.sleep(1000);
      long now = RequestLogFile.count(requestLog);
      quiet = now == settled ? quiet + 1 : 0;
      settled = now;
    }
    return settled;
  }

  /** Creates {@code n} objects with four client threads, like a few kubectl applies at once. */
  static void createAll(Objects objects, int n, IntFunction<GenericKubernetesResource> object)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(pool.submit(() -> objects.operation().resource(object.apply(index)).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Waits until a list shows {@code n} objects {@code Ready=True} (polled every 0.5 s, progress
   * printed every 30 s); fails when {@code controller} exits or the time runs out.
   */
  static void awaitReady(Objects objects, int n, Duration timeout, MonitoredProcess controller)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long ready = 0;
    long lastPrint = System.nanoTime();
    while (System.nanoTime() < deadline && controller.isAlive()) {
      ready = objects.ready();
      if (ready == n) {
        return;
      }
      if (System.nanoTime() - lastPrint > 30_000_000_000L) {
        System.out.println("READY " + ready + "/" + n + " " + objects.kind());
        lastPrint = System.nanoTime();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        ready
            + "/"
            + n
            + " "
            + objects.kind()
            + " Ready before the deadline (controller alive: "
            + controller.isAlive()
            + ", log "
            + controller.log()
            + ")");
  }
}

package io.capstan.e2e.bench;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HelmRelease benchmark for issue #14 (a main class, run by hand or {@code -Pbench}; never by
 * {@code verify}): N HelmReleases of one small chart (Deployment, headless Service, ConfigMap,
 * ServiceAccount: the test control plane's Service IP range has 254 addresses) from one
 * HelmRepository served on 127.0.0.1, on a fresh control plane in cluster mode per run (kwok makes
 * the Deployments available, so helm-controller's default wait is real), source-controller from its
 * shaded jar (it builds the N HelmCharts of the chart templates) and helm-controller in its own JVM
 * ({@link HelmControllerProcess}). Prints, per N, the time from the first create to all Ready,
 * helm-controller's peak RSS and CPU, its API requests per HelmRelease, and the cost of one
 * no-change reconcile (requests and ms from its client-side request log).
 *
 * <p>Arguments: the project root. System properties: {@code capstan.bench.sizes} ({@code
 * 100,500,1000}), {@code capstan.bench.concurrent} ({@code 4}), {@code capstan.bench.kcJvm}
 * (helm-controller JVM flags, the same property as the Kustomization benchmark), {@code
 * capstan.bench.scJvm}.
 */
public final class HelmReleaseScaleBench {

  private static final int STEADY_SAMPLES = 5;

  private HelmReleaseScaleBench() {}

  record Result(
      int concurrent,
      int n,
      double createSeconds,
      double readySeconds,
      double peakRssMib,
      double cpuSeconds,
      double requestsPerRelease,
      SteadyState.Sample steady) {}

  /** Runs every size, prints a markdown table and appends it to {@code BENCHMARKS.md}. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    int concurrent = Integer.parseInt(System.getProperty("capstan.bench.concurrent", "4").trim());
    String load = loadAverage();
    List<Result> results = new ArrayList<>();
    for (String n : System.getProperty("capstan.bench.sizes", "100,500,1000").split(",")) {
      results.add(run(root, out, concurrent, Integer.parseInt(n.trim())));
    }
    StringBuilder table = new StringBuilder();
    table.append(
        "| --concurrent | N | create loop | create → all Ready | helm-controller peak RSS | its CPU"
            + " | API requests / HelmRelease (create → Ready) | no-change reconcile: requests"
            + " | its duration (first → last request) | annotate → handled |\n");
    table.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Result r : results) {
      table.append(
          String.format(
              "| %d | %d | %.1f s | **%.1f s** | %.0f MiB | %.1f s | %.1f | %d | %d ms | %d ms |%n",
              r.concurrent(),
              r.n(),
              r.createSeconds(),
              r.readySeconds(),
              r.peakRssMib(),
              r.cpuSeconds(),
              r.requestsPerRelease(),
              r.steady().requests(),
              r.steady().spanMs(),
              r.steady().latencyMs()));
    }
    System.out.println(table);
    Files.writeString(out.resolve("helmreleases.md"), table);
    Files.writeString(
        root.resolve("BENCHMARKS.md"),
        "\n### HelmReleases at scale, run of "
            + Instant.now().truncatedTo(ChronoUnit.MINUTES)
            + "\n\nMachine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs (shared with other helpers' builds: times are upper bounds), Java "
            + System.getProperty("java.version")
            + ", load average at the start "
            + load
            + " and at the end "
            + loadAverage()
            + ". Command: `java -cp <e2e classpath> io.capstan.e2e.bench.HelmReleaseScaleBench .`"
            + " with `-Dcapstan.bench.sizes="
            + System.getProperty("capstan.bench.sizes", "100,500,1000")
            + "`.\n\n"
            + table,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The chart: four objects. */
  static Map<String, String> chart() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("values.yaml", "replicas: 1\nimage: nginx:1.27\nmessage: hello\n");
    files.put(
        "templates/objects.yaml",
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: {{ .Release.Name }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}
        data:
          message: {{ .Values.message | quote }}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}
        spec:
          clusterIP: None
          selector:
            app: {{ .Release.Name }}
          ports:
            - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels:
              app: {{ .Release.Name }}
          template:
            metadata:
              labels:
                app: {{ .Release.Name }}
            spec:
              serviceAccountName: {{ .Release.Name }}
              containers:
                - name: app
                  image: {{ .Values.image }}
        """);
    return files;
  }

  static GenericKubernetesResource helmRepository(String ns, String url) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("source.toolkit.fluxcd.io/v1")
        .withKind("HelmRepository")
        .withNewMetadata()
        .withName("charts")
        .withNamespace(ns)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("url", url, "interval", "1h")))
        .build();
  }

  static GenericKubernetesResource helmRelease(String ns, int index) {
    Map<String, Object> chartSpec = new LinkedHashMap<>();
    chartSpec.put("chart", "small");
    chartSpec.put("version", "1.0.0");
    chartSpec.put("sourceRef", Map.of("kind", "HelmRepository", "name", "charts"));
    chartSpec.put("interval", "1h");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("interval", "1h");
    spec.put("chart", Map.of("spec", chartSpec));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("helm.toolkit.fluxcd.io/v2")
        .withKind("HelmRelease")
        .withNewMetadata()
        .withName("k" + index)
        .withNamespace(ns)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  static Result run(Path root, Path out, int concurrent, int n) throws Exception {
    String tag = "helm-n" + n;
    Path tmp = Files.createTempDirectory("hbench-" + tag);
    // a kwok node takes 500 Pods: one node per 400 HelmReleases
    try (KubeControlPlane plane =
            KubeControlPlane.start(KubeControlPlane.Options.cluster(Math.max(1, (n + 399) / 400)));
        ChartRepositoryServer charts = ChartRepositoryServer.start()) {
      KubernetesClient client = plane.client();
      CustomResourceDefinitions.install(
          client,
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofMinutes(1));
      charts.publish("small", "1.0.0", chart());
      String ns = "bench";
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      awaitDefaultServiceAccount(client, ns);
      Path requestLog = out.resolve("requests-" + tag + ".log");
      try (MonitoredProcess source =
              ControllerCommands.sourceController(root, plane.kubeconfig(), tmp, out, tag);
          MonitoredProcess hc =
              helmController(plane.kubeconfig(), concurrent, requestLog, out, tag)) {
        var repos =
            client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "HelmRepository");
        repos.inNamespace(ns).resource(helmRepository(ns, charts.url())).create();
        awaitReady(repos, ns, 1, Duration.ofMinutes(2), source);
        awaitStarted(hc, Duration.ofMinutes(2));
        var releases =
            client.genericKubernetesResources("helm.toolkit.fluxcd.io/v2", "HelmRelease");
        long requestsBefore = RequestLogFile.lines(requestLog).size();
        double cpuBefore = hc.cpuSeconds();
        long start = System.nanoTime();
        createAll(releases, ns, n);
        long created = System.nanoTime();
        awaitReady(releases, ns, n, Duration.ofMinutes(25), hc);
        long ready = System.nanoTime();
        double cpuAtReady = hc.cpuSeconds();
        Thread.sleep(3000);
        long requestsAfter = RequestLogFile.lines(requestLog).size();
        SteadyState.Sample steady =
            SteadyState.measure(releases.inNamespace(ns), n, STEADY_SAMPLES, requestLog);
        Result result =
            new Result(
                concurrent,
                n,
                (created - start) / 1e9,
                (ready - start) / 1e9,
                hc.peakRssMib(),
                cpuAtReady - cpuBefore,
                (requestsAfter - requestsBefore) / (double) n,
                steady);
        System.out.println("BENCH " + result);
        return result;
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
  }

  static MonitoredProcess helmController(
      Path kubeconfig, int concurrent, Path requestLog, Path out, String tag)
      throws java.io.IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(MonitoredProcess.java());
    cmd.addAll(
        ControllerCommands.flags(
            "capstan.bench.kcJvm",
            "-XX:+UseSerialGC -Xmx192m -Xss512k -XX:TieredStopAtLevel=1"
                + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m"));
    cmd.add("-Dcapstan.bench.requestLog=" + requestLog);
    cmd.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), HelmControllerProcess.class.getName()));
    cmd.add("--concurrent=" + concurrent);
    return MonitoredProcess.start(
        cmd,
        Map.of("KUBECONFIG", kubeconfig.toString()),
        out.resolve("helm-controller-" + tag + ".log"));
  }

  private static void awaitStarted(MonitoredProcess controller, Duration timeout)
      throws java.io.IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && controller.isAlive()) {
      if (Files.readString(controller.log()).contains("helm-controller started")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("helm-controller did not start, see " + controller.log());
  }

  private static void awaitDefaultServiceAccount(KubernetesClient client, String ns)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (client.serviceAccounts().inNamespace(ns).withName("default").get() == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no default ServiceAccount in " + ns);
      }
      Thread.sleep(200);
    }
  }

  private static void createAll(
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          releases,
      String ns,
      int n)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(
            pool.submit(() -> releases.inNamespace(ns).resource(helmRelease(ns, index)).create()));
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
    long lastPrint = 0;
    while (System.nanoTime() < deadline && controller.isAlive()) {
      ready = kind.inNamespace(ns).list().getItems().stream().filter(FleetFixture::isReady).count();
      if (ready == n) {
        return;
      }
      if (System.nanoTime() - lastPrint > 30_000_000_000L) {
        System.out.println("READY " + ready + "/" + n);
        lastPrint = System.nanoTime();
      }
      Thread.sleep(1000);
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

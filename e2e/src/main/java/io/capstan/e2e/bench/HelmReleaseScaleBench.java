package io.capstan.e2e.bench;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HelmRelease benchmark for issue #14 (run by {@code -Pbench} in e2e, or by hand; never by {@code
 * verify}): N HelmReleases of one small chart (Deployment, headless Service, ConfigMap,
 * ServiceAccount: the test control plane's Service IP range has 254 addresses) from one
 * HelmRepository served on 127.0.0.1, on a fresh control plane in cluster mode per run (kwok makes
 * the Deployments available, so helm-controller's default wait is real), source-controller from its
 * shaded jar (it builds the N HelmCharts of the chart templates) and helm-controller in its own JVM
 * ({@link HelmControllerProcess}). Prints, per N, the time from the first create to all Ready,
 * helm-controller's peak RSS and CPU, its API requests per HelmRelease, and the cost of one
 * no-change reconcile (requests and ms from its client-side request log).
 *
 * <p>The measuring is {@link ScaleRun}'s; this class holds the fixture (chart, HelmRepository,
 * HelmReleases) and the columns.
 *
 * <p>Arguments: the project root. System properties: {@code capstan.bench.sizes} ({@code
 * 100,500,1000}), {@code capstan.bench.concurrent} ({@code 4}; a comma list runs each), {@code
 * capstan.bench.kcJvm} (helm-controller JVM flags, the same property as the Kustomization
 * benchmark), {@code capstan.bench.scJvm}, {@code capstan.bench.jfr}, {@code
 * capstan.bench.tokenRefresh}, {@code capstan.bench.helmReplicas} (the chart's Deployment replicas,
 * default {@code 1}: a real rollout to wait for; {@code 0} is the setup of Flux's own MTTP
 * benchmark, whose chart's Deployment is scaled to zero). Under {@code -Pbench} the execution
 * {@code helmreleases-at-scale} passes {@code capstan.bench.helmReleaseSizes} and {@code
 * capstan.bench.helmReleaseConcurrent} as the first two.
 */
public final class HelmReleaseScaleBench {

  static final String COMMAND =
      "./mvnw -B -o -pl source-controller,helm-controller,e2e -am verify -Pbench -DskipTests"
          + " -Dcapstan.bench.skipEngine=true -Dcapstan.bench.skipKustomizations=true"
          + " -Dcapstan.bench.skipFootprint=true";

  private HelmReleaseScaleBench() {}

  /** Runs every size (and concurrency) and appends the table to {@code BENCHMARKS.md}. */
  public static void main(String[] args) throws Exception {
    ScaleRun.runAll(
        args,
        new BenchReport("HelmReleases at scale, run", COMMAND),
        "helmreleases.md",
        "4",
        HelmReleaseScaleBench::run,
        HelmReleaseScaleBench::table);
  }

  /** The columns of BENCHMARKS.md's HelmRelease rows. */
  static MarkdownTable table(List<ScaleRun.Row> rows) {
    return ScaleTable.of(
        rows,
        ScaleTable.peakRss("helm-controller peak RSS"),
        ScaleTable.cpu("its CPU"),
        ScaleTable.requestsPer("HelmRelease"));
  }

  /** The chart: four objects. */
  static Map<String, String> chart() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "values.yaml",
        "replicas: "
            + Integer.getInteger("capstan.bench.helmReplicas", 1)
            + "\nimage: nginx:1.27\nmessage: hello\n");
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

  static ScaleRun.Row run(Path root, Path out, int concurrent, int n) throws Exception {
    String tag = "helm-n" + n;
    Path tmp = Files.createTempDirectory("hbench-" + tag);
    // a kwok node takes 500 Pods: one node per 400 HelmReleases
    try (KubeControlPlane plane =
            KubeControlPlane.start(KubeControlPlane.Options.cluster(Math.max(1, (n + 399) / 400)));
        ChartRepositoryServer charts = ChartRepositoryServer.start()) {
      String ns = "bench";
      KubernetesClient client = BenchCluster.prepare(plane, ns);
      charts.publish("small", "1.0.0", chart());
      awaitDefaultServiceAccount(client, ns);
      Path requestLog = out.resolve("requests-" + tag + ".log");
      try (MonitoredProcess source =
              ControllerCommands.sourceController(root, plane.kubeconfig(), tmp, out, tag);
          MonitoredProcess hc =
              ControllerCommands.helmController(
                  plane.kubeconfig(), concurrent, requestLog, out, tag)) {
        var repos = new ScaleRun.Objects(client, FleetFixture.SOURCE_V1, "HelmRepository", ns);
        repos.operation().resource(helmRepository(ns, charts.url())).create();
        ScaleRun.awaitReady(repos, 1, Duration.ofMinutes(2), source);
        ControllerCommands.awaitStarted(hc, "helm-controller", Duration.ofMinutes(2));
        var releases = new ScaleRun.Objects(client, "helm.toolkit.fluxcd.io/v2", "HelmRelease", ns);
        ScaleRun measured =
            ScaleRun.measure(
                releases,
                n,
                i -> helmRelease(ns, i),
                hc,
                requestLog,
                Duration.ofMinutes(25),
                () -> {});
        ScaleRun.Row result = new ScaleRun.Row(concurrent, n, measured);
        System.out.println("BENCH " + result);
        return result;
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
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
}

package io.capstan.source.bench;

import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run with {@code -Pbench}): N HelmCharts from one HelmRepository whose
 * index is ~5 MB (5,000 entries plus the real chart's versions, like large public repositories),
 * from the first create to all Ready, with the controller in its own JVM and its peak RSS (issue
 * #13's measure; Flux v2.9.0 anchor: 1000 in 5m10s at 189 MiB on 16 cores). Prints one {@code
 * BENCH} line per size.
 *
 * <p>The HelmRepository is created with the HelmCharts; the controller's own HelmRepository
 * reconciler fetches the index from the chart repository server and stores Flux's artifact, and the
 * HelmCharts follow it (the measure includes that fetch).
 */
@WithKubernetes
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class HelmChartBench {

  @TempDir Path tmp;

  @Test
  void scale(KubeControlPlane plane, KubernetesClient client) throws Exception {
    try (ChartRepositoryServer server = ChartRepositoryServer.start()) {
      for (int v = 0; v < 5; v++) {
        server.publish("app", "1.0." + v);
      }
      server.fill(200, 25, 1000);
      int concurrent = Integer.getInteger("capstan.bench.concurrent", 10);
      String sizes = System.getProperty("capstan.bench.helmSizes", "100,500,1000");
      for (String n : sizes.split(",")) {
        run(plane, client, server, Integer.parseInt(n.trim()), concurrent);
      }
    }
  }

  private void run(
      KubeControlPlane plane,
      KubernetesClient client,
      ChartRepositoryServer server,
      int n,
      int concurrent)
      throws Exception {
    String ns = "helm-bench-" + n;
    BenchDriver.namespace(client, ns);
    Path storage = Files.createDirectories(tmp.resolve("storage-" + n));
    byte[] index = server.index();
    createRepository(client, ns, server.url());
    BenchDriver.Measurement m =
        BenchDriver.measure(
            plane,
            client,
            storage,
            tmp.resolve("controller-" + n + ".log"),
            concurrent,
            HelmChart.class,
            ns,
            n,
            i ->
                "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: app-"
                    + i
                    + "\n  namespace: "
                    + ns
                    + "\nspec:\n  interval: 1h\n  chart: app\n  version: '1.0.x'\n  sourceRef:\n"
                    + "    kind: HelmRepository\n    name: repo\n",
            controller -> {});
    System.out.printf(
        "BENCH kind=HelmChart objects=%d ready=%d concurrent=%d indexBytes=%d create=%.1fs"
            + " total=%.1fs peakRss=%.0fMiB launched=%s jvm=%s%n",
        n,
        m.ready(),
        concurrent,
        index.length,
        m.createSeconds(),
        m.totalSeconds(),
        m.peakRssMib(),
        m.launchedFrom(),
        GitRepositoryBench.JVM);
  }

  /** The HelmRepository (no status: the controller fetches the index). */
  private static void createRepository(KubernetesClient client, String ns, String url) {
    String yaml =
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: repo\n"
            + "  namespace: "
            + ns
            + "\nspec:\n  interval: 1h\n  url: "
            + url
            + "\n";
    client
        .resource(
            client
                .resources(HelmRepository.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .item())
        .create();
  }
}

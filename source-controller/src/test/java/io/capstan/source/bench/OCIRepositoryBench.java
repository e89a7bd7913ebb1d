package io.capstan.source.bench;

import io.capstan.api.source.v1.OCIRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run with {@code -Pbench}): N OCIRepositories pulling one Flux artifact (20
 * manifests) from a real registry on 127.0.0.1, from the first create to all Ready, with the
 * controller in its own JVM and its peak RSS (issue #17's measure; Flux v2.9.0 anchor: 1000 in
 * 4m17s at 128 MiB on 16 cores). Prints one {@code BENCH} line per size.
 */
@WithKubernetes
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class OCIRepositoryBench {

  @TempDir Path tmp;

  @Test
  void scale(KubeControlPlane plane, KubernetesClient client) throws Exception {
    try (OciRegistry registry = OciRegistry.builder().start()) {
      Map<String, String> files = new HashMap<>();
      for (int f = 0; f < 20; f++) {
        files.put("deploy/app" + f + ".yaml", "kind: ConfigMap\nmetadata:\n  name: c" + f + "\n");
      }
      registry.pushArtifact("manifests/app", "v1", files);
      int concurrent = Integer.getInteger("capstan.bench.concurrent", 10);
      String sizes = System.getProperty("capstan.bench.ociSizes", "100,500,1000");
      for (String n : sizes.split(",")) {
        run(plane, client, registry, Integer.parseInt(n.trim()), concurrent);
      }
    }
  }

  private void run(
      KubeControlPlane plane, KubernetesClient client, OciRegistry registry, int n, int concurrent)
      throws Exception {
    String ns = "oci-bench-" + n;
    BenchDriver.namespace(client, ns);
    String url = registry.url("manifests/app");
    BenchDriver.Measurement m =
        BenchDriver.measure(
            plane,
            client,
            Files.createDirectories(tmp.resolve("storage-" + n)),
            tmp.resolve("controller-" + n + ".log"),
            concurrent,
            OCIRepository.class,
            ns,
            n,
            i ->
                "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app-"
                    + i
                    + "\n  namespace: "
                    + ns
                    + "\nspec:\n  interval: 1h\n  insecure: true\n  url: "
                    + url
                    + "\n  ref:\n    tag: v1\n",
            controller -> {});
    System.out.printf(
        "BENCH kind=OCIRepository objects=%d ready=%d concurrent=%d create=%.1fs total=%.1fs"
            + " peakRss=%.0fMiB launched=%s jvm=%s%n",
        n,
        m.ready(),
        concurrent,
        m.createSeconds(),
        m.totalSeconds(),
        m.peakRssMib(),
        m.launchedFrom(),
        GitRepositoryBench.JVM);
  }
}

package io.capstan.source.bench;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    Path storage = Files.createDirectories(tmp.resolve("storage-" + n));
    try (ControllerProcess controller =
        new ControllerProcess(
            plane.kubeconfig(),
            storage,
            concurrent,
            GitRepositoryBench.JVM,
            tmp.resolve("controller-" + n + ".log"))) {
      Thread.sleep(3000); // JVM + informers up before the clock starts
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        create(client, ns, "app-" + i, registry.url("manifests/app"));
      }
      long created = System.nanoTime();
      int ready = awaitReady(client, ns, n, controller);
      long end = System.nanoTime();
      System.out.printf(
          "BENCH kind=OCIRepository objects=%d ready=%d concurrent=%d create=%.1fs total=%.1fs"
              + " peakRss=%.0fMiB launched=%s jvm=%s%n",
          n,
          ready,
          concurrent,
          (created - start) / 1e9,
          (end - start) / 1e9,
          controller.peakRssMib(),
          controller.launchedFrom,
          GitRepositoryBench.JVM);
    }
  }

  private static void create(KubernetesClient client, String ns, String name, String url) {
    String yaml =
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: "
            + name
            + "\n  namespace: "
            + ns
            + "\nspec:\n  interval: 1h\n  insecure: true\n  url: "
            + url
            + "\n  ref:\n    tag: v1\n";
    client
        .resource(
            client
                .resources(OCIRepository.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .item())
        .create();
  }

  private static int awaitReady(
      KubernetesClient client, String ns, int n, ControllerProcess controller)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    int ready = 0;
    while (System.nanoTime() < deadline && controller.isAlive()) {
      ready =
          (int)
              client.resources(OCIRepository.class).inNamespace(ns).list().getItems().stream()
                  .filter(OCIRepositoryBench::isReady)
                  .count();
      if (ready == n) {
        return ready;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        ready
            + "/"
            + n
            + " Ready before the deadline (controller alive: "
            + controller.isAlive()
            + ")");
  }

  private static boolean isReady(OCIRepository r) {
    return r.getStatus() != null
        && r.getStatus().getConditions() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && c.getStatus() == Condition.Status.True);
  }
}

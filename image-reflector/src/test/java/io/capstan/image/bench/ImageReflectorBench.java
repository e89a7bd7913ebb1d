package io.capstan.image.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.image.scan.ImageName;
import io.capstan.image.scan.RegistryAccess;
import io.capstan.image.scan.TagScan;
import io.capstan.image.scan.TagScanner;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.oci.OciClient;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.PushedArtifact;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15's image-reflector benchmarks (not tests: {@code -Pbench} only, see BENCHMARKS.md): a
 * scan of a repository with 10,000 tags (in-process: time, allocation, retained heap; and the
 * controller process: time to Ready, peak RSS), and 500 ImagePolicies over 50 ImageRepositories
 * with the controller as its own process (time to all Ready, peak RSS). Real docker-registry on
 * 127.0.0.1, real API server.
 */
@WithKubernetes
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class ImageReflectorBench {

  private static final int TAGS = Integer.getInteger("capstan.bench.tags", 10_000);
  private static final int REPOSITORIES = Integer.getInteger("capstan.bench.repositories", 50);
  private static final int POLICIES_PER_REPOSITORY = 10;
  private static final int TAGS_PER_REPOSITORY = 20;

  private static <T> T yaml(String text, Class<T> type) {
    return TolerantSerialization.create().unmarshal(text, type);
  }

  /** Tags {@code tags} on the manifest of {@code first} (PUT of the same manifest, 8 at once). */
  private static void tagAll(OciRegistry registry, PushedArtifact first, List<String> tags)
      throws Exception {
    HttpClient http = registry.client();
    HttpResponse<byte[]> manifest =
        http.send(
            HttpRequest.newBuilder(
                    registry
                        .baseUri()
                        .resolve("/v2/" + first.repository() + "/manifests/" + first.digest()))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(manifest.statusCode()).isEqualTo(200);
    Semaphore inFlight = new Semaphore(8);
    List<CompletableFuture<?>> puts = new ArrayList<>();
    for (String tag : tags) {
      inFlight.acquire();
      puts.add(
          http.sendAsync(
                  HttpRequest.newBuilder(
                          registry
                              .baseUri()
                              .resolve("/v2/" + first.repository() + "/manifests/" + tag))
                      .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.body()))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (r, e) -> {
                    inFlight.release();
                    if (e != null || r.statusCode() != 201) {
                      throw new IllegalStateException(
                          "tagging " + tag + " failed: " + (e != null ? e : r.statusCode()));
                    }
                  }));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Peak resident set ({@code VmHWM}) of {@code pid} in KiB, from /proc. */
  private static long peakRssKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmHWM for " + pid);
  }

  private static long javaPid(JarProcess process) {
    List<Long> pids = process.pids();
    return pids.get(pids.size() - 1);
  }

  private static JarProcess reflector(KubeControlPlane plane, Path storage, Path logs) {
    return JarProcess.startReady(
        "image-reflector-controller",
        Path.of(
            System.getProperty(
                "capstan.bench.reflectorJar", "target/capstan-image-reflector-controller.jar")),
        plane.kubeconfig(),
        "flux-system",
        List.of("--storage-path=" + storage, "--concurrent=4"),
        logs,
        Duration.ofSeconds(120));
  }

  private static KubernetesClient client(KubeControlPlane plane, String ns) {
    return new KubernetesClientBuilder()
        .withConfig(plane.clientConfig(ns))
        .withKubernetesSerialization(TolerantSerialization.create())
        .build();
  }

  private static void report(String line) {
    System.out.println("[capstan-bench] " + line);
  }

  @Test
  void tenThousandTags(KubeControlPlane plane, KubeNamespace namespace, @TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    try (OciRegistry registry = OciRegistry.builder().start();
        KubernetesClient client = client(plane, namespace.name())) {
      PushedArtifact first = registry.pushArtifact("bench/app", "0.0.0", Map.of("f", "x"));
      List<String> tags = new ArrayList<>();
      for (int i = 1; i < TAGS; i++) {
        tags.add("1." + (i / 100) + "." + (i % 100));
      }
      long seed = System.nanoTime();
      tagAll(registry, first, tags);
      report(
          "seeded %d tags in %d ms"
              .formatted(TAGS, Duration.ofNanos(System.nanoTime() - seed).toMillis()));

      // in-process: the scan alone (tags/list pages of 1000, exclusion list, sort, revision)
      ImageName image = ImageName.parse(registry.host() + "/bench/app");
      OciClient oci =
          new OciClient(RegistryAccess.options(null, null, null, true, Duration.ofMinutes(1)));
      TagScanner.of(null).scan(oci, image); // warm-up (class loading, connection)
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long heapBefore = usedHeapAfterGc();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      TagScan scan = TagScanner.of(null).scan(oci, image);
      long scanMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      long retained = usedHeapAfterGc() - heapBefore;
      assertThat(scan.tags()).hasSize(TAGS);
      report(
          "in-process scan of %d tags: %d ms, allocated %.1f MiB, retained %.2f MiB (revision %s)"
              .formatted(
                  TAGS, scanMs, allocated / 1048576.0, retained / 1048576.0, scan.revision()));

      // the controller process: ImageRepository create → Ready with 10,000 tags, peak RSS
      try (JarProcess reflector = reflector(plane, tmp.resolve("tags"), tmp.resolve("logs"))) {
        long rssIdle = peakRssKib(javaPid(reflector));
        long created = System.nanoTime();
        client
            .resource(
                yaml(
                    """
                    apiVersion: image.toolkit.fluxcd.io/v1
                    kind: ImageRepository
                    metadata: {name: big, namespace: %s}
                    spec: {image: %s/bench/app, interval: 1h, insecure: true}
                    """
                        .formatted(namespace.name(), registry.host()),
                    ImageRepository.class))
            .create();
        client
            .resource(
                yaml(
                    """
                    apiVersion: image.toolkit.fluxcd.io/v1
                    kind: ImagePolicy
                    metadata: {name: big, namespace: %s}
                    spec:
                      imageRepositoryRef: {name: big}
                      policy: {semver: {range: '>=1.0.0'}}
                    """
                        .formatted(namespace.name()),
                    ImagePolicy.class))
            .create();
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  ImageRepository r =
                      client
                          .resources(ImageRepository.class)
                          .inNamespace(namespace.name())
                          .withName("big")
                          .get();
                  return r.getStatus() != null
                      && r.getStatus().getLastScanResult() != null
                      && Integer.valueOf(TAGS)
                          .equals(r.getStatus().getLastScanResult().getTagCount());
                });
        long repoMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
        String latest =
            await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () -> {
                      ImagePolicy p =
                          client
                              .resources(ImagePolicy.class)
                              .inNamespace(namespace.name())
                              .withName("big")
                              .get();
                      return p.getStatus() == null || p.getStatus().getLatestRef() == null
                          ? null
                          : p.getStatus().getLatestRef().getTag();
                    },
                    t -> t != null);
        long policyMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
        assertThat(latest).isEqualTo("1." + ((TAGS - 1) / 100) + "." + ((TAGS - 1) % 100));
        long rssPeak = peakRssKib(javaPid(reflector));
        long stored = Files.size(tmp.resolve("tags").resolve(namespace.name()).resolve("big.json"));
        report(
            ("controller process (%s): ImageRepository Ready with %d tags %d ms after create,"
                    + " ImagePolicy selected %s at %d ms; peak RSS %.1f MiB (%.1f MiB before);"
                    + " stored tags %d KiB")
                .formatted(
                    String.join(" ", JarProcess.SMALL_JVM),
                    TAGS,
                    repoMs,
                    latest,
                    policyMs,
                    rssPeak / 1024.0,
                    rssIdle / 1024.0,
                    stored / 1024));
      }
    }
  }

  @Test
  void fiveHundredPoliciesOverFiftyRepositories(
      KubeControlPlane plane, KubeNamespace namespace, @TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    String ns = namespace.name();
    try (OciRegistry registry = OciRegistry.builder().start();
        KubernetesClient client = client(plane, ns)) {
      long seed = System.nanoTime();
      for (int r = 0; r < REPOSITORIES; r++) {
        PushedArtifact first =
            registry.pushArtifact("bench/app" + r, "1.0.0", Map.of("f", "r" + r));
        List<String> tags = new ArrayList<>();
        for (int t = 1; t < TAGS_PER_REPOSITORY; t++) {
          tags.add(t % 2 == 0 ? "1." + t + ".0" : "main-" + t + "-" + (1700000000 + t));
        }
        tagAll(registry, first, tags);
      }
      report(
          "seeded %d repositories x %d tags in %d ms"
              .formatted(
                  REPOSITORIES,
                  TAGS_PER_REPOSITORY,
                  Duration.ofNanos(System.nanoTime() - seed).toMillis()));
      String[] policies = {
        "semver: {range: '>=1.0.0'}",
        "semver: {range: '~1.4'}",
        "semver: {range: '1.x'}",
        "alphabetical: {order: asc}",
        "alphabetical: {order: desc}",
        "numerical: {order: asc}",
        "numerical: {order: desc}",
        "semver: {range: '<1.10.0'}",
        "alphabetical: {order: asc}",
        "semver: {range: '>=1.2.0, <1.8.0'}",
      };
      try (JarProcess reflector = reflector(plane, tmp.resolve("tags"), tmp.resolve("logs"))) {
        long created = System.nanoTime();
        for (int r = 0; r < REPOSITORIES; r++) {
          client
              .resource(
                  yaml(
                      """
                      apiVersion: image.toolkit.fluxcd.io/v1
                      kind: ImageRepository
                      metadata: {name: app%d, namespace: %s}
                      spec: {image: %s/bench/app%d, interval: 1h, insecure: true}
                      """
                          .formatted(r, ns, registry.host(), r),
                      ImageRepository.class))
              .create();
          for (int p = 0; p < POLICIES_PER_REPOSITORY; p++) {
            boolean numerical = policies[p].startsWith("numerical");
            String filter =
                numerical
                    ? "\n  filterTags: {pattern: '^main-[0-9]+-(?P<ts>[0-9]+)$', extract: '$ts'}"
                    : "";
            client
                .resource(
                    yaml(
                        """
                        apiVersion: image.toolkit.fluxcd.io/v1
                        kind: ImagePolicy
                        metadata: {name: app%d-p%d, namespace: %s}
                        spec:
                          imageRepositoryRef: {name: app%d}
                          policy: {%s}%s
                        """
                            .formatted(r, p, ns, r, policies[p], filter),
                        ImagePolicy.class))
                .create();
          }
        }
        long createdMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
        int total = REPOSITORIES * POLICIES_PER_REPOSITORY;
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    client.resources(ImagePolicy.class).inNamespace(ns).list().getItems().stream()
                            .filter(
                                p ->
                                    p.getStatus() != null
                                        && p.getStatus().getConditions() != null
                                        && p.getStatus().getConditions().stream()
                                            .anyMatch(
                                                c ->
                                                    "Ready".equals(c.getType())
                                                        && "True"
                                                            .equals(String.valueOf(c.getStatus()))))
                            .count()
                        == total);
        long readyMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
        long rssPeak = peakRssKib(javaPid(reflector));
        report(
            ("controller process (%s, --concurrent=4): %d ImagePolicies over %d ImageRepositories"
                    + " (%d tags each) all Ready %d ms after the first create (creating took %d"
                    + " ms); peak RSS %.1f MiB")
                .formatted(
                    String.join(" ", JarProcess.SMALL_JVM),
                    total,
                    REPOSITORIES,
                    TAGS_PER_REPOSITORY,
                    readyMs,
                    createdMs,
                    rssPeak / 1024.0));
      }
    }
  }
}

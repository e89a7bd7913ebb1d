package io.capstan.source.bench;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run with {@code -Pbench}): N GitRepositories spread over 10 repositories
 * on the in-process Git HTTP server, from the first create to all Ready, with the controller in its
 * own JVM and its peak RSS; and the time to produce an artifact for a 10,000-file repository.
 * Prints one line per measurement, prefixed {@code BENCH}.
 */
@WithKubernetes
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class GitRepositoryBench {

  /** JVM flags of the controller process; {@code -Dcapstan.bench.jvm="-Xmx96m ..."} overrides. */
  static final List<String> JVM =
      List.of(
          System.getProperty(
                  "capstan.bench.jvm", "-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xss512k")
              .trim()
              .split("\\s+"));

  /** {@code -Dcapstan.bench.diagnose=true}: NMT, threads and heap histogram after each run. */
  static final boolean DIAGNOSE = Boolean.getBoolean("capstan.bench.diagnose");

  @TempDir Path tmp;

  @Test
  void scale(KubeControlPlane plane, KubernetesClient client) throws Exception {
    List<TestGitRepository> repos = new java.util.ArrayList<>();
    try (GitHttpServer http = GitHttpServer.builder().start()) {
      for (int i = 0; i < 10; i++) {
        TestGitRepository repo = TestGitRepository.create(tmp.resolve("repo" + i + ".git"));
        Map<String, String> files = new HashMap<>();
        for (int f = 0; f < 20; f++) {
          files.put("deploy/app" + f + ".yaml", "kind: ConfigMap\nmetadata:\n  name: c" + f + "\n");
        }
        repo.commit("main", "init", files);
        http.serve("repo" + i, repo.repository());
        repos.add(repo);
      }
      int concurrent = Integer.getInteger("capstan.bench.concurrent", 10);
      for (String n : System.getProperty("capstan.bench.sizes", "100,500,1000").split(",")) {
        run(plane, client, http, Integer.parseInt(n.trim()), concurrent);
      }
      if (Boolean.parseBoolean(System.getProperty("capstan.bench.big", "true"))) {
        bigRepository(plane, client, http, concurrent);
      }
    } finally {
      repos.forEach(TestGitRepository::close);
    }
  }

  private void run(
      KubeControlPlane plane, KubernetesClient client, GitHttpServer http, int n, int concurrent)
      throws Exception {
    String ns = "bench-" + n;
    BenchDriver.namespace(client, ns);
    BenchDriver.Measurement m =
        BenchDriver.measure(
            plane,
            client,
            Files.createDirectories(tmp.resolve("storage-" + n)),
            tmp.resolve("controller-" + n + ".log"),
            concurrent,
            GitRepository.class,
            ns,
            n,
            i -> yaml(ns, "app-" + i, http.url("repo" + (i % 10)).toString()),
            controller -> {
              if (DIAGNOSE) {
                controller.diagnose(
                    Files.createDirectories(Path.of("target", "bench-diag"))
                        .resolve("controller-" + n + ".txt"));
              }
            });
    System.out.printf(
        "BENCH objects=%d ready=%d concurrent=%d create=%.1fs total=%.1fs peakRss=%.0fMiB launched=%s jvm=%s%n",
        n,
        m.ready(),
        concurrent,
        m.createSeconds(),
        m.totalSeconds(),
        m.peakRssMib(),
        m.launchedFrom(),
        JVM);
  }

  private void bigRepository(
      KubeControlPlane plane, KubernetesClient client, GitHttpServer http, int concurrent)
      throws Exception {
    try (TestGitRepository big = TestGitRepository.create(tmp.resolve("big.git"))) {
      Map<String, String> files = new HashMap<>();
      for (int f = 0; f < 10_000; f++) {
        files.put(
            "dir" + (f / 100) + "/file" + f + ".yaml",
            "kind: ConfigMap\nmetadata:\n  name: f" + f + "\n");
      }
      big.commit("main", "10k files", files);
      http.serve("big", big.repository());
      String ns = "bench-big";
      BenchDriver.namespace(client, ns);
      BenchDriver.Measurement m =
          BenchDriver.measure(
              plane,
              client,
              Files.createDirectories(tmp.resolve("storage-big")),
              tmp.resolve("controller-big.log"),
              concurrent,
              GitRepository.class,
              ns,
              1,
              i -> yaml(ns, "big", http.url("big").toString()),
              controller -> {});
      GitRepository r = client.resources(GitRepository.class).inNamespace(ns).withName("big").get();
      System.out.printf(
          "BENCH bigRepository files=10000 createToReady=%.2fs artifactSize=%d bytes peakRss=%.0fMiB%n",
          m.totalSeconds(), r.getStatus().getArtifact().getSize(), m.peakRssMib());
    }
  }

  private static String yaml(String ns, String name, String url) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: "
        + name
        + "\n  namespace: "
        + ns
        + "\nspec:\n  interval: 1h\n  url: "
        + url
        + "\n  ref:\n    branch: main\n";
  }
}

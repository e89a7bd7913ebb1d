package io.capstan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two source-controller jars as separate JVMs competing for the Lease: only the leader reconciles
 * and serves artifacts; SIGTERM to it exits 0 and the other takes over.
 */
@WithKubernetes
class SourceControllerJarIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Path JAR =
      Path.of(System.getProperty("capstan.controller.jar", "target/capstan-source-controller.jar"));

  /** One replica: its process and its artifact server port. */
  private record Replica(JarProcess jar, int storagePort) {}

  private static Replica replica(KubeControlPlane plane, String ns, Path tmp, String name)
      throws IOException {
    int storagePort = JarProcess.freePort();
    JarProcess jar =
        JarProcess.start(
            JAR,
            plane.kubeconfig(),
            tmp.resolve(name + ".log"),
            Map.of("RUNTIME_NAMESPACE", ns),
            List.of(
                "--watch-all-namespaces=false",
                "--storage-path=" + tmp.resolve(name + "-storage"),
                "--storage-addr=127.0.0.1:" + storagePort,
                "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                "--metrics-addr=127.0.0.1:" + JarProcess.freePort(),
                "--enable-leader-election",
                "--leader-election-lease-duration=6s",
                "--leader-election-renew-deadline=4s",
                "--leader-election-retry-period=1s"));
    return new Replica(jar, storagePort);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static String artifactUrl(KubernetesClient client, String ns) {
    GenericKubernetesResource repo =
        client
            .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
            .inNamespace(ns)
            .withName("app")
            .get();
    Object status = repo == null ? null : repo.getAdditionalProperties().get("status");
    Object artifact = status instanceof Map<?, ?> m ? m.get("artifact") : null;
    return artifact instanceof Map<?, ?> a ? (String) ((Map<String, Object>) a).get("url") : null;
  }

  @Test
  @DisplayName(
      "two replicas: only the Lease holder serves artifacts and reconciles; SIGTERM to it exits 0"
          + " and the other replica takes over")
  void leaderElection(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    List<AutoCloseable> open = new ArrayList<>();
    try (TestGitRepository repo = TestGitRepository.create(tmp.resolve("app.git"));
        GitHttpServer http = GitHttpServer.builder().start()) {
      repo.commit("main", "first", Map.of("deploy/app.yaml", "kind: ConfigMap"));
      http.serve("app", repo.repository());
      Replica a = replica(plane, ns, tmp, "a");
      open.add(a.jar());
      Replica b = replica(plane, ns, tmp, "b");
      open.add(b.jar());
      client
          .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
          .inNamespace(ns)
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
                      apiVersion: source.toolkit.fluxcd.io/v1
                      kind: GitRepository
                      metadata:
                        name: app
                      spec:
                        interval: 1h
                        url: %s
                        ref:
                          branch: main
                      """
                          .formatted(http.url("app")),
                      GenericKubernetesResource.class))
          .create();

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(artifactUrl(client, ns))
                      .as("a:%n%s%nb:%n%s", a.jar().output(), b.jar().output())
                      .isNotNull());
      String url = artifactUrl(client, ns);
      Replica leader = url.contains(":" + a.storagePort() + "/") ? a : b;
      Replica follower = leader == a ? b : a;
      assertThat(url).contains("127.0.0.1:" + leader.storagePort() + "/");
      assertThat(listening(leader.storagePort())).isTrue();
      assertThat(listening(follower.storagePort()))
          .as("the non-leader has no artifact server, as in Flux")
          .isFalse();

      assertThat(leader.jar().terminate(60)).as(leader.jar().output()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(listening(follower.storagePort())).isTrue();
                assertThat(artifactUrl(client, ns))
                    .contains("127.0.0.1:" + follower.storagePort() + "/");
              });
      assertThat(follower.jar().isAlive()).isTrue();
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }
}

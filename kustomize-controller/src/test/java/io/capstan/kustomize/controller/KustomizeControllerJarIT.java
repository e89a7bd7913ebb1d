package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a process against a real API server. */
@WithKubernetes
class KustomizeControllerJarIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String LEASE = "kustomize-controller-leader-election";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR =
      Path.of(
          System.getProperty("capstan.controller.jar", "target/capstan-kustomize-controller.jar"));

  @Test
  @DisplayName(
      "the jar takes the Lease, applies a Kustomization, serves probes and metrics, logs JSON"
          + " lines with the reconcile fields, and on SIGTERM releases the Lease and exits 0")
  void reconciles(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    int healthPort = JarProcess.freePort();
    int metricsPort = JarProcess.freePort();
    try (ArtifactHost host = new ArtifactHost();
        JarProcess jar =
            JarProcess.start(
                JAR,
                plane.kubeconfig(),
                tmp.resolve("controller.log"),
                Map.of("RUNTIME_NAMESPACE", ns),
                List.of(
                    "--watch-all-namespaces=false",
                    "--concurrent=2",
                    "--health-addr=127.0.0.1:" + healthPort,
                    "--metrics-addr=127.0.0.1:" + metricsPort,
                    "--enable-leader-election",
                    "--leader-election-lease-duration=6s",
                    "--leader-election-renew-deadline=4s",
                    "--leader-election-retry-period=1s"))) {
      SourceFixture source = new SourceFixture(client, ns);
      source.createGitRepository("repo");
      source.publish(
          "repo",
          host.publish(
              "/r1.tar.gz",
              Map.of("deploy/a.yaml", KustomizationReconcilerTest.configMap("a", "one"))),
          "main@sha1:1111");
      client
          .resource(
              KustomizationReconcilerTest.kustomization(
                  client,
                  """
                  apiVersion: kustomize.toolkit.fluxcd.io/v1
                  kind: Kustomization
                  metadata:
                    name: app
                  spec:
                    interval: 1m
                    path: ./deploy
                    prune: true
                    targetNamespace: %s
                    sourceRef:
                      kind: GitRepository
                      name: repo
                  """
                      .formatted(ns)))
          .create();

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(source.condition("app", "Ready"))
                      .as("controller output:%n%s", jar.output())
                      .contains("True/ReconciliationSucceeded: Applied revision: main@sha1:1111"));
      ConfigMap a = client.configMaps().inNamespace(ns).withName("a").get();
      assertThat(a.getData()).containsEntry("key", "one");
      assertThat(holder(client, ns)).isNotBlank();

      HttpClient http = HttpClient.newHttpClient();
      assertThat(get(http, healthPort, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, healthPort, "/readyz").statusCode()).isEqualTo(200);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(get(http, metricsPort, "/metrics").body())
                      .contains("gotk_reconcile_duration_seconds")
                      .contains("leader_election_master_status{name=\"" + LEASE + "\"} 1.0"));

      List<JsonNode> lines = new ArrayList<>();
      for (String line : jar.output().split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line)); // every line is one JSON object
        }
      }
      assertThat(lines)
          .allSatisfy(
              l -> assertThat(l.fieldNames()).toIterable().contains("level", "ts", "logger", "msg"))
          .anySatisfy(
              l -> {
                assertThat(l.path("controller").asText()).isEqualTo("kustomization");
                assertThat(l.path("name").asText()).isEqualTo("app");
                assertThat(l.path("namespace").asText()).isEqualTo(ns);
                assertThat(l.path("reconcileID").asText()).isNotBlank();
              });

      assertThat(jar.terminate(60))
          .as("exit code after SIGTERM; output:%n%s", jar.output())
          .isZero();
      assertThat(holder(client, ns))
          .as("released on shutdown; output:%n%s", jar.output())
          .isNullOrEmpty();
    }
  }

  private static String holder(KubernetesClient client, String ns) {
    GenericKubernetesResource lease =
        client
            .genericKubernetesResources("coordination.k8s.io/v1", "Lease")
            .inNamespace(ns)
            .withName(LEASE)
            .get();
    if (lease == null) {
      return null;
    }
    Object spec = lease.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> m ? (String) m.get("holderIdentity") : null;
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

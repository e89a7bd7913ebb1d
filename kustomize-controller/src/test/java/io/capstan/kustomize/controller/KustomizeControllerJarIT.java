package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a process against a real API server. */
@WithKubernetes
class KustomizeControllerJarIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  @DisplayName("the jar starts, serves probes and metrics, and applies a Kustomization")
  void reconciles(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    try (ArtifactHost host = new ArtifactHost();
        ControllerJar jar =
            new ControllerJar(
                plane.kubeconfig(),
                tmp.resolve("controller.log"),
                Map.of("RUNTIME_NAMESPACE", ns),
                "--watch-all-namespaces=false",
                "--concurrent=2")) {
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

      HttpClient http = HttpClient.newHttpClient();
      assertThat(get(http, jar.healthPort, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, jar.healthPort, "/readyz").statusCode()).isEqualTo(200);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(get(http, jar.metricsPort, "/metrics").body())
                      .contains("gotk_reconcile_duration_seconds"));
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

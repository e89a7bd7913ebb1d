package io.capstan.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.notification.receiver.WebhookPath;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a process against a real API server. */
@WithKubernetes
class NotificationControllerJarIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path JAR =
      Path.of(
          System.getProperty(
              "capstan.controller.jar", "target/capstan-notification-controller.jar"));

  private static int post(String url, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @DisplayName(
      "the jar dispatches an event to a generic Provider, serves a Receiver that annotates a"
          + " GitRepository, and exits 0 on SIGTERM")
  void eventsAndReceivers(
      KubernetesClient client, KubeNamespace namespace, KubeControlPlane plane, @TempDir Path tmp)
      throws Exception {
    String ns = namespace.name();
    int events = JarProcess.freePort();
    int receivers = JarProcess.freePort();
    try (RecordingServer webhook = new RecordingServer();
        JarProcess jar =
            JarProcess.start(
                JAR,
                plane.kubeconfig(),
                tmp.resolve("controller.log"),
                Map.of("RUNTIME_NAMESPACE", ns),
                List.of(
                    "--watch-all-namespaces=false",
                    "--events-addr=127.0.0.1:" + events,
                    "--receiverAddr=127.0.0.1:" + receivers,
                    "--health-addr=127.0.0.1:" + JarProcess.freePort(),
                    "--metrics-addr=127.0.0.1:" + JarProcess.freePort()))) {
      for (String yaml :
          List.of(
              """
              apiVersion: notification.toolkit.fluxcd.io/v1beta3
              kind: Provider
              metadata: {name: hook}
              spec: {type: generic, address: "%s"}
              """
                  .formatted(webhook.url("/alerts")),
              """
              apiVersion: notification.toolkit.fluxcd.io/v1beta3
              kind: Alert
              metadata: {name: all}
              spec:
                providerRef: {name: hook}
                eventSources: [{kind: Kustomization, name: "*"}]
              """,
              """
              apiVersion: v1
              kind: Secret
              metadata: {name: token}
              stringData: {token: jar-token}
              """,
              """
              apiVersion: source.toolkit.fluxcd.io/v1
              kind: GitRepository
              metadata: {name: app}
              spec: {url: "https://example.com/app.git", interval: 10m}
              """,
              """
              apiVersion: notification.toolkit.fluxcd.io/v1
              kind: Receiver
              metadata: {name: push}
              spec:
                type: generic
                secretRef: {name: token}
                resources: [{kind: GitRepository, name: app}]
              """)) {
        client.resource(yaml).inNamespace(ns).create();
      }
      String eventsUrl = "http://127.0.0.1:" + events + "/";
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                post(
                    eventsUrl,
                    """
                    {"involvedObject":{"kind":"Kustomization","namespace":"%s","name":"app",
                     "apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"info",
                     "timestamp":"2026-01-02T03:04:05Z","message":"applied %d",
                     "reason":"ReconciliationSucceeded","reportingController":"kustomize-controller",
                     "metadata":{"kustomize.toolkit.fluxcd.io/revision":"main@sha1:abc"}}
                    """
                        .formatted(ns, System.nanoTime()));
                return !webhook.requests().isEmpty();
              });
      JsonNode delivered = JSON.readTree(webhook.requests().get(0).body());
      assertThat(delivered.at("/metadata/revision").asText()).isEqualTo("main@sha1:abc");

      String path = WebhookPath.of("jar-token", "push", ns);
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                Receiver r =
                    client.resources(Receiver.class).inNamespace(ns).withName("push").get();
                return r.getStatus() != null && path.equals(r.getStatus().getWebhookPath());
              });
      String hook = "http://127.0.0.1:" + receivers + path;
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> post(hook, "{}") == 200);
      var repo =
          client
              .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
              .inNamespace(ns)
              .withName("app")
              .get();
      assertThat(repo.getMetadata().getAnnotations())
          .containsKey("reconcile.fluxcd.io/requestedAt");
      assertThat(jar.terminate(60)).as("exit code; output:%n%s", jar.output()).isZero();
    }
  }
}

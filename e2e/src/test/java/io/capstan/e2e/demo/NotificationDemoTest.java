package io.capstan.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.local.kube.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seeds' notification demo with every controller its own process (kwok cluster):
 * source-controller and kustomize-controller send their events to notification-controller ({@code
 * --events-addr}); an Alert with a {@code generic} Provider posts them to a webhook on loopback; a
 * GitHub push to a Receiver makes the GitRepository (polling only every 10 minutes) fetch at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("notification demo: alerts from controller processes, GitHub push webhook")
class NotificationDemoTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "demo-webhook-token";

  private DemoCluster cluster;
  private GitOpsDemo demo;
  private HttpServer webhook;
  private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
  private int receiverPort;

  @BeforeAll
  void start() throws Exception {
    webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext(
        "/",
        exchange -> {
          try (exchange) {
            alerts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
          }
        });
    webhook.start();
    cluster = KwokCluster.start(1);
    try {
      int eventsPort = LoopbackPorts.ephemeral().next();
      receiverPort = LoopbackPorts.ephemeral().next();
      String eventsAddr = "--events-addr=http://127.0.0.1:" + eventsPort + "/";
      demo = GitOpsDemo.start(cluster, getClass().getSimpleName(), List.of(eventsAddr));
      demo.startProcess(
          "notification-controller",
          ControllerJars.notificationController(),
          List.of(
              "--events-addr=127.0.0.1:" + eventsPort, "--receiverAddr=127.0.0.1:" + receiverPort));
      demo.startKustomizeController(eventsAddr);
      demo.createFluxNamespace();
      demo.apply(
          """
          apiVersion: notification.toolkit.fluxcd.io/v1beta3
          kind: Provider
          metadata: {name: webhook, namespace: flux-system}
          spec: {type: generic, address: "http://127.0.0.1:%d/alerts"}
          """
              .formatted(webhook.getAddress().getPort()));
      demo.apply(
          """
          apiVersion: notification.toolkit.fluxcd.io/v1beta3
          kind: Alert
          metadata: {name: webapp, namespace: flux-system}
          spec:
            providerRef: {name: webhook}
            eventSources:
              - {kind: Kustomization, name: "*"}
              - {kind: GitRepository, name: "*"}
          """);
      // the source polls every 10 minutes: only the webhook can make it fetch quickly
      demo.applyFluxObjects(Duration.ofMinutes(10));
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  @AfterAll
  void stop() {
    if (demo != null) {
      demo.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  private boolean alerted(String kind, String severity, String revision, String messagePart) {
    return alerts.stream()
        .anyMatch(
            a ->
                kind.equals(a.at("/involvedObject/kind").asText())
                    && severity.equals(a.path("severity").asText())
                    && (revision == null || revision.equals(a.at("/metadata/revision").asText()))
                    && (messagePart == null || a.path("message").asText().contains(messagePart)));
  }

  private Condition ready(Kustomization k) {
    return DemoState.condition(k.getStatus().getConditions(), "Ready").orElseThrow();
  }

  @Test
  @Order(1)
  @DisplayName(
      "the first apply reaches the webhook as a Kustomization info alert with the revision")
  void alertsOnApply() {
    String revision = demo.repository.headRevision();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> alerted("Kustomization", "info", revision, null));
    assertThat(alerts)
        .allSatisfy(a -> assertThat(a.path("reportingController").asText()).isNotEmpty());
  }

  @Test
  @Order(2)
  @DisplayName(
      "a GitHub push webhook makes the GitRepository fetch at once: the new APP_VERSION is"
          + " applied and alerted")
  void pushWebhookRollsOut() throws Exception {
    demo.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-token, namespace: flux-system}
        stringData: {token: %s}
        """
            .formatted(TOKEN));
    demo.apply(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata: {name: github, namespace: flux-system}
        spec:
          type: github
          events: [push]
          secretRef: {name: webhook-token}
          resources: [{kind: GitRepository, name: webapp}]
        """);
    String path =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  Receiver r =
                      cluster
                          .client()
                          .resources(Receiver.class)
                          .inNamespace("flux-system")
                          .withName("github")
                          .get();
                  return r == null || r.getStatus() == null ? null : r.getStatus().getWebhookPath();
                },
                p -> p != null);
    RevCommit commit =
        demo.repository.replace(
            "webapp: version 1.1.0",
            GitOpsDemoScenarios.DEPLOYMENT_FILE,
            "value: \"1.0.0\"",
            "value: \"1.1.0\"");
    String revision = DemoRepository.revision(commit);
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> push(path) == 200);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Kustomization k = demo.state.kustomization();
              return revision.equals(k.getStatus().getLastAppliedRevision())
                  && "True".equals(ready(k).getStatus().toString());
            });
    Duration rollout = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf(
        "[capstan-e2e] webhook → Kustomization applied %s: %d ms%n", revision, rollout.toMillis());
    assertThat(rollout).isLessThan(Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> alerted("Kustomization", "info", revision, null));
  }

  @Test
  @Order(3)
  @DisplayName("a broken manifest pushed through the webhook raises an error alert")
  void brokenManifestAlerts() throws Exception {
    String path =
        cluster
            .client()
            .resources(Receiver.class)
            .inNamespace("flux-system")
            .withName("github")
            .get()
            .getStatus()
            .getWebhookPath();
    demo.repository.commit(
        "webapp: break the service",
        Map.of(
            "webapp/service.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: [unclosed\n"));
    assertThat(push(path)).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> alerted("Kustomization", "error", null, "service.yaml"));
  }

  private int push(String path) throws Exception {
    byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiverPort + path))
                .header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

package io.capstan.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.notification.v1.Receiver;
import io.capstan.notification.provider.NotificationSender;
import io.capstan.notification.receiver.WebhookPath;
import io.capstan.notification.receiver.WebhookValidator;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole controller against a real API server, with real HTTP calls on loopback. */
@WithKubernetes
class NotificationControllerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private KubernetesClient client;
  private String ns;
  private NotificationController controller;
  private RecordingServer webhook;

  @BeforeEach
  void start(KubernetesClient client, KubeNamespace namespace) throws Exception {
    this.client = client;
    this.ns = namespace.name();
    webhook = new RecordingServer();
    controller =
        NotificationController.builder()
            .client(client)
            .options(Fixtures.loopbackOptions(ns))
            .retryPolicy(
                new NotificationSender.RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50)))
            .build();
    controller.start();
  }

  @AfterEach
  void stop() {
    controller.close();
    webhook.close();
  }

  private void apply(String yaml) {
    client.resource(yaml).inNamespace(ns).createOr(r -> r.update());
  }

  private HttpResponse<String> post(String url, Map<String, String> headers, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String eventsUrl() {
    return "http://127.0.0.1:" + controller.eventsAddress().getPort() + "/";
  }

  private String event(String name, String severity, String message, String revision) {
    return """
        {"involvedObject":{"kind":"Kustomization","namespace":"%s","name":"%s",
         "apiVersion":"kustomize.toolkit.fluxcd.io/v1","uid":"u1"},
         "severity":"%s","timestamp":"2026-01-02T03:04:05Z","message":"%s",
         "reason":"ReconciliationSucceeded",
         "metadata":{"kustomize.toolkit.fluxcd.io/revision":"%s"},
         "reportingController":"kustomize-controller","reportingInstance":"kc-1"}
        """
        .formatted(ns, name, severity, message, revision);
  }

  private void providerAndAlert(String providerType, String severity) {
    apply(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata: {name: hook}
        spec: {type: %s, address: "%s"}
        """
            .formatted(providerType, webhook.url("/alerts")));
    apply(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Alert
        metadata: {name: apps}
        spec:
          providerRef: {name: hook}
          eventSeverity: %s
          eventSources: [{kind: Kustomization, name: "*"}]
          eventMetadata: {cluster: test}
        """
            .formatted(severity));
  }

  @Test
  @DisplayName("an event matching an Alert reaches its generic Provider with cleaned metadata")
  void dispatchesToGenericProvider() throws Exception {
    providerAndAlert("generic", "info");
    // the informer caches see the new Alert a moment later: retry distinct events until delivered
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              post(
                  eventsUrl(),
                  Map.of(),
                  event("podinfo", "info", "applied " + System.nanoTime(), "main@sha1:abc"));
              return !webhook.requests().isEmpty();
            });
    RecordingServer.Request r = webhook.requests().get(0);
    assertThat(r.path()).isEqualTo("/alerts");
    assertThat(r.headers()).containsEntry("gotk-component", "kustomize-controller");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("involvedObject").get("name").asText()).isEqualTo("podinfo");
    assertThat(body.get("metadata").get("revision").asText()).isEqualTo("main@sha1:abc");
    assertThat(body.get("metadata").get("cluster").asText()).isEqualTo("test");
  }

  @Test
  @DisplayName("the intake answers 400 for bad events, 429 for duplicates, 405 for GET")
  void validatesAndRateLimits() throws Exception {
    assertThat(post(eventsUrl(), Map.of(), "{not json").statusCode()).isEqualTo(400);
    assertThat(post(eventsUrl(), Map.of(), "{\"severity\":\"info\"}").statusCode()).isEqualTo(400);
    String e = event("podinfo", "info", "same", "main@sha1:1");
    assertThat(post(eventsUrl(), Map.of(), e).statusCode()).isEqualTo(202);
    assertThat(post(eventsUrl(), Map.of(), e).statusCode()).isEqualTo(429);
    assertThat(
            post(eventsUrl(), Map.of(), event("podinfo", "info", "same", "main@sha1:2"))
                .statusCode())
        .isEqualTo(202);
    var get =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(eventsUrl())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    String big = "{\"message\":\"" + "x".repeat(2 << 20) + "\"}";
    assertThat(post(eventsUrl(), Map.of(), big).statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName(
      "an error Alert ignores info events; a Provider that cannot be prepared gets a Warning event")
  void severityAndUnsupported() throws Exception {
    providerAndAlert("generic-hmac", "error"); // no secretRef: no HMAC key
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              post(eventsUrl(), Map.of(), event("podinfo", "info", "i" + System.nanoTime(), "r"));
              post(eventsUrl(), Map.of(), event("podinfo", "error", "e" + System.nanoTime(), "r"));
              List<Event> events =
                  client.v1().events().inNamespace(ns).list().getItems().stream()
                      .filter(ev -> "Provider".equals(ev.getInvolvedObject().getKind()))
                      .toList();
              return events.stream()
                  .anyMatch(
                      ev ->
                          "InvalidProvider".equals(ev.getReason())
                              && ev.getMessage().contains("generic-hmac"));
            });
    assertThat(webhook.requests()).isEmpty();
  }

  private void gitRepositoryAndReceiver(String type, String events) {
    secretAndRepository();
    apply(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata: {name: github}
        spec:
          type: %s
          events: %s
          secretRef: {name: webhook-token}
          resources:
            - {kind: GitRepository, name: podinfo}
        """
            .formatted(type, events));
  }

  private void secretAndRepository() {
    apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-token}
        stringData: {token: t0ken-value}
        """);
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: podinfo, labels: {app: podinfo}}
        spec: {url: "https://example.com/podinfo.git", interval: 10m}
        """);
  }

  private String awaitWebhookPath() {
    String expected = WebhookPath.of("t0ken-value", "github", ns);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Receiver r =
                  client.resources(Receiver.class).inNamespace(ns).withName("github").get();
              return r.getStatus() != null
                  && expected.equals(r.getStatus().getWebhookPath())
                  && r.getStatus().getConditions() != null
                  && r.getStatus().getConditions().stream()
                      .anyMatch(
                          c ->
                              "Ready".equals(c.getType())
                                  && "Succeeded".equals(c.getReason())
                                  && c.getMessage().contains(expected));
            });
    return expected;
  }

  private String requestedAt() {
    GenericKubernetesResource repo =
        client
            .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
            .inNamespace(ns)
            .withName("podinfo")
            .get();
    var annotations = repo.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("reconcile.fluxcd.io/requestedAt");
  }

  @Test
  @DisplayName("github Receiver: webhookPath as Flux, forged signature 401, valid push annotates")
  void githubReceiver() throws Exception {
    gitRepositoryAndReceiver("github", "[push]");
    String path = awaitWebhookPath();
    String url = "http://127.0.0.1:" + controller.receiverAddress().getPort() + path;
    // the receiver cache sees the Ready status a moment after the API server
    String body = "{\"ref\":\"refs/heads/main\"}";
    String good =
        "sha256="
            + WebhookValidator.hex(
                "HmacSHA256", "t0ken-value", body.getBytes(StandardCharsets.UTF_8));
    String forged =
        "sha256="
            + WebhookValidator.hex("HmacSHA256", "wrong", body.getBytes(StandardCharsets.UTF_8));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                post(url, Map.of("X-Hub-Signature-256", forged, "X-GitHub-Event", "push"), body)
                        .statusCode()
                    == 401);
    assertThat(requestedAt()).isNull();
    assertThat(
            post(url, Map.of("X-Hub-Signature-256", good, "X-GitHub-Event", "issues"), body)
                .statusCode())
        .isEqualTo(400);
    assertThat(requestedAt()).isNull();
    assertThat(
            post(url, Map.of("X-Hub-Signature-256", good, "X-GitHub-Event", "push"), body)
                .statusCode())
        .isEqualTo(200);
    assertThat(requestedAt()).isNotNull();
    assertThat(post(url + "00", Map.of(), body).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("gitlab Receiver: a wrong X-Gitlab-Token is 401, the right one annotates")
  void gitlabReceiver() throws Exception {
    gitRepositoryAndReceiver("gitlab", "[\"Push Hook\"]");
    String path = awaitWebhookPath();
    String url = "http://127.0.0.1:" + controller.receiverAddress().getPort() + path;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                post(url, Map.of("X-Gitlab-Token", "nope", "X-Gitlab-Event", "Push Hook"), "{}")
                        .statusCode()
                    == 401);
    assertThat(requestedAt()).isNull();
    assertThat(
            post(url, Map.of("X-Gitlab-Token", "t0ken-value", "X-Gitlab-Event", "Push Hook"), "{}")
                .statusCode())
        .isEqualTo(200);
    assertThat(requestedAt()).isNotNull();
  }

  @Test
  @DisplayName(
      "generic Receiver: matchLabels select, resourceFilter narrows; the token stays secret")
  void matchLabelsAndResourceFilter() throws Exception {
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: other, labels: {app: podinfo}}
        spec: {url: "https://example.com/other.git", interval: 10m}
        """);
    apply(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: unlabelled}
        spec: {url: "https://example.com/u.git", interval: 10m}
        """);
    secretAndRepository();
    apply(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata: {name: github}
        spec:
          type: generic
          secretRef: {name: webhook-token}
          resourceFilter: 'res.metadata.name == req.target'
          resources:
            - {kind: GitRepository, name: "*", matchLabels: {app: podinfo}}
        """);
    String path = awaitWebhookPath();
    String url = "http://127.0.0.1:" + controller.receiverAddress().getPort() + path;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> post(url, Map.of(), "{\"target\":\"podinfo\"}").statusCode() == 200);
    await().atMost(Duration.ofSeconds(5)).until(() -> requestedAt() != null);
    for (String name : List.of("other", "unlabelled")) {
      var repo =
          client
              .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
              .inNamespace(ns)
              .withName(name)
              .get();
      assertThat(repo.getMetadata().getAnnotations())
          .as(name)
          .doesNotContainKey("reconcile.fluxcd.io/requestedAt");
    }
    Receiver receiver = client.resources(Receiver.class).inNamespace(ns).withName("github").get();
    assertThat(JSON.writeValueAsString(receiver.getStatus())).doesNotContain("t0ken-value");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("t0ken-value"));
  }

  @Test
  @DisplayName(
      "generic-oidc Receiver: path salted with no token, Ready; a valid ID token annotates, a forged"
          + " one is 401; an invalid validation is Stalled InvalidCELExpression")
  void genericOidcReceiver() throws Exception {
    try (OidcIssuer issuer = new OidcIssuer()) {
      secretAndRepository();
      apply(
          """
          apiVersion: notification.toolkit.fluxcd.io/v1
          kind: Receiver
          metadata: {name: github}
          spec:
            type: generic-oidc
            oidcProviders:
              - issuerURL: "%s"
                audience: capstan
                validations:
                  - {expression: "claims.repository == 'acme/app'", message: "wrong repository"}
            resourceFilter: "claims.ref == 'refs/heads/main'"
            resources:
              - {kind: GitRepository, name: podinfo}
          """
              .formatted(issuer.url()));
      String expected = WebhookPath.of("", "github", ns);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Receiver r =
                    client.resources(Receiver.class).inNamespace(ns).withName("github").get();
                return r.getStatus() != null
                    && expected.equals(r.getStatus().getWebhookPath())
                    && r.getStatus().getConditions() != null
                    && r.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && c.isTrue());
              });
      String url = "http://127.0.0.1:" + controller.receiverAddress().getPort() + expected;
      Map<String, Object> claims = issuer.claims("capstan");
      String forged = OidcIssuer.sign(OidcIssuer.newKey(), "k1", claims);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  post(url, Map.of("Authorization", "Bearer " + forged), "{}").statusCode() == 401);
      Map<String, Object> otherRepo = new java.util.HashMap<>(claims);
      otherRepo.put("repository", "evil/app");
      assertThat(
              post(url, Map.of("Authorization", "Bearer " + issuer.sign(otherRepo)), "{}")
                  .statusCode())
          .isEqualTo(401);
      assertThat(requestedAt()).isNull();
      Map<String, Object> otherRef = new java.util.HashMap<>(claims);
      otherRef.put("ref", "refs/heads/dev");
      assertThat(
              post(url, Map.of("Authorization", "Bearer " + issuer.sign(otherRef)), "{}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(requestedAt()).as("resourceFilter over claims said no").isNull();
      assertThat(
              post(url, Map.of("Authorization", "Bearer " + issuer.sign(claims)), "{}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(requestedAt()).isNotNull();

      apply(
          """
          apiVersion: notification.toolkit.fluxcd.io/v1
          kind: Receiver
          metadata: {name: github}
          spec:
            type: generic-oidc
            oidcProviders:
              - issuerURL: "%s"
                validations:
                  - {expression: "1 + 2", message: "not a boolean"}
            resources:
              - {kind: GitRepository, name: podinfo}
          """
              .formatted(issuer.url()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Receiver r =
                    client.resources(Receiver.class).inNamespace(ns).withName("github").get();
                return r.getStatus() != null
                    && r.getStatus().getConditions() != null
                    && r.getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                "Stalled".equals(c.getType())
                                    && "InvalidCELExpression".equals(c.getReason()));
              });
    }
  }
}

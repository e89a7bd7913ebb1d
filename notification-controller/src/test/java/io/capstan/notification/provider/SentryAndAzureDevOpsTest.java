package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.notification.Fixtures;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.event.NotificationEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** sentry (envelope protocol) and azuredevops (REST with location discovery) on loopback. */
class SentryAndAzureDevOpsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private RecordingServer server;

  private final NotificationEvent failed =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health check failed",
          Map.of("revision", "main@sha1:" + SHA, "summary", "prod"));

  private NotificationEvent info() {
    return new NotificationEvent(
        failed.involvedObject(),
        "info",
        failed.timestamp(),
        "applied",
        "ReconciliationSucceeded",
        failed.metadata(),
        failed.reportingController(),
        failed.reportingInstance());
  }

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String dsn(String userinfo) {
    return server.url("/").replace("http://", "http://" + userinfo + "@") + "sub/42";
  }

  private static JsonNode[] envelope(String body) throws Exception {
    String[] lines = body.split("\n");
    assertThat(lines).hasSize(3);
    assertThat(body).endsWith("\n");
    return new JsonNode[] {
      JSON.readTree(lines[0]), JSON.readTree(lines[1]), JSON.readTree(lines[2])
    };
  }

  @Test
  @DisplayName(
      "sentry: an error event is an envelope 'event' at <dsn path>/api/<project>/envelope/")
  void sentryError() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("sentry").address(dsn("pubkey:sekret")).channel("prod").build();
    Notifier n = Notifiers.create(s);
    new NotificationSender(s, FAST).send(n.request(failed));
    var r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/sub/api/42/envelope/");
    assertThat(r.headers())
        .containsEntry("content-type", "application/x-sentry-envelope")
        .containsEntry(
            "x-sentry-auth",
            "Sentry sentry_version=7, sentry_client="
                + SentryNotifier.CLIENT
                + ", sentry_key=pubkey, sentry_secret=sekret");
    JsonNode[] e = envelope(r.body());
    assertThat(e[0].path("event_id").asText())
        .hasSize(32)
        .isEqualTo(e[2].path("event_id").asText());
    assertThat(e[0].path("dsn").asText()).isEqualTo(dsn("pubkey:sekret"));
    assertThat(e[1].path("type").asText()).isEqualTo("event");
    assertThat(e[1].path("length").asInt())
        .isEqualTo(r.body().split("\n")[2].getBytes(StandardCharsets.UTF_8).length);
    JsonNode item = e[2];
    assertThat(item.path("level").asText()).isEqualTo("error");
    assertThat(item.path("message").asText()).isEqualTo("health check failed");
    assertThat(item.path("server_name").asText()).isEqualTo("kustomize-controller");
    assertThat(item.path("transaction").asText()).isEqualTo("Kustomization: apps/podinfo");
    assertThat(item.path("environment").asText()).isEqualTo("prod");
    assertThat(item.path("timestamp").asText()).startsWith("2026-01-02T03:04:05");
    assertThat(item.path("extra").path("revision").asText()).isEqualTo("main@sha1:" + SHA);
  }

  @Test
  @DisplayName("sentry: an info event is a transaction with one span tagged as Flux's eventToSpan")
  void sentryInfo() throws Exception {
    ProviderSettings s = ProviderSettings.builder("sentry").address(dsn("pubkey")).build();
    new NotificationSender(s, FAST).send(Notifiers.create(s).request(info()));
    var r = server.requests().get(0);
    assertThat(r.headers().get("x-sentry-auth")).endsWith("sentry_key=pubkey");
    JsonNode[] e = envelope(r.body());
    assertThat(e[1].path("type").asText()).isEqualTo("transaction");
    JsonNode item = e[2];
    assertThat(item.path("type").asText()).isEqualTo("transaction");
    assertThat(item.has("environment")).isFalse();
    assertThat(item.path("contexts").path("trace").path("op").asText()).isEqualTo("event");
    assertThat(item.path("contexts").path("trace").path("trace_id").asText()).hasSize(32);
    assertThat(item.path("spans")).hasSize(1);
    JsonNode tags = item.path("tags");
    assertThat(tags.path("flux_involved_object_kind").asText()).isEqualTo("Kustomization");
    assertThat(tags.path("flux_involved_object_namespace").asText()).isEqualTo("apps");
    assertThat(tags.path("flux_involved_object_name").asText()).isEqualTo("podinfo");
    assertThat(tags.path("flux_reason").asText()).isEqualTo("ReconciliationSucceeded");
    assertThat(tags.path("revision").asText()).isEqualTo("main@sha1:" + SHA);
    assertThat(item.path("start_timestamp").asText()).isEqualTo(item.path("timestamp").asText());
  }

  @Test
  @DisplayName("sentry: a DSN without key or project is refused")
  void sentryInvalid() {
    assertThatThrownBy(() -> Notifiers.create(ProviderSettings.of("sentry", server.url("/42"))))
        .hasMessageContaining("empty username");
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.of("sentry", dsn("k").replace("sub/42", ""))))
        .hasMessageContaining("empty project id");
  }

  @Test
  @DisplayName(
      "azuredevops: OPTIONS location discovery, GET statuses, POST the status (PAT basic auth)")
  void azureDevOps() throws Exception {
    server.respondWith(
        "{\"count\":1,\"value\":[{\"id\":\""
            + AzureDevOpsCommitStatusNotifier.STATUSES_LOCATION
            + "\",\"area\":\"git\",\"resourceName\":\"statuses\",\"routeTemplate\":"
            + "\"{project}/_apis/{area}/repositories/{repositoryId}/commits/{commitId}/{resource}/{statusId}\"}]}");
    ProviderSettings s =
        ProviderSettings.builder("azuredevops")
            .address(server.url("/acme/Web%20Shop/_git/app"))
            .token("pat-123")
            .providerUid("0c9c2e41-aaaa")
            .build();
    Notifier n = Notifiers.create(s);
    ((Conversation) n).deliver(failed, new NotificationSender(s, FAST));
    ((Conversation) n).deliver(info(), new NotificationSender(s, FAST));
    var calls = server.requests();
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(":pat-123".getBytes(StandardCharsets.UTF_8));
    String statuses = "/acme/Web%20Shop/_apis/git/repositories/app/commits/" + SHA + "/statuses";
    assertThat(calls)
        .extracting(c -> c.method() + " " + c.path())
        .containsExactly(
            "OPTIONS /acme/_apis",
            "GET " + statuses,
            "POST " + statuses,
            // the route is cached per organisation: no second discovery
            "GET " + statuses,
            "POST " + statuses);
    assertThat(calls)
        .allSatisfy(
            c ->
                assertThat(c.headers())
                    .containsEntry("authorization", basic)
                    .containsEntry("accept", "application/json;api-version=6.0-preview.1"));
    assertThat(calls.get(2).headers()).containsEntry("content-type", "application/json");
    assertThat(calls.get(2).body())
        .isEqualTo(
            "{\"context\":{\"genre\":\"fluxcd\",\"name\":\"kustomization/podinfo/0c9c2e41\"},"
                + "\"description\":\"reconciliation succeeded\",\"state\":\"error\"}");
    assertThat(JSON.readTree(calls.get(4).body()).path("state").asText()).isEqualTo("succeeded");
    // Progressing is skipped; bad addresses and no token are refused
    assertThat(
            n.request(
                new NotificationEvent(
                    failed.involvedObject(),
                    "info",
                    failed.timestamp(),
                    "m",
                    "Progressing",
                    failed.metadata(),
                    "c",
                    "i")))
        .isNull();
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("azuredevops")
                        .address("https://dev.azure.com/acme/app")
                        .token("t")
                        .build()))
        .hasMessageContaining("invalid repository id");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.of("azuredevops", "https://dev.azure.com/a/b/_git/c")))
        .hasMessageContaining("azure devops token cannot be empty");
  }
}

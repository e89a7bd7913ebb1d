package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.notification.Fixtures;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.event.NotificationEvent;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each supported Provider type against a loopback server asserting the exact request. */
class ProviderRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

  private RecordingServer server;

  private final NotificationEvent event =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health check failed",
          Map.of("revision", "main@sha1:abc123", "summary", "prod cluster"));

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RecordingServer.Request send(ProviderSettings settings) throws Exception {
    Notifier notifier = Notifiers.create(settings);
    new NotificationSender(settings, FAST).send(notifier.request(event));
    assertThat(server.requests()).hasSize(1);
    return server.requests().get(0);
  }

  @Test
  @DisplayName("generic: POSTs Flux's Event JSON with gotk-component and the secret's headers")
  void generic() throws Exception {
    var r =
        send(
            ProviderSettings.of("generic", server.url("/hook"))
                .withHeaders(Map.of("X-Team", "web")));
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hook");
    assertThat(r.headers())
        .containsEntry("content-type", "application/json")
        .containsEntry("gotk-component", "kustomize-controller")
        .containsEntry("x-team", "web")
        .doesNotContainKey("x-signature");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("involvedObject").get("kind").asText()).isEqualTo("Kustomization");
    assertThat(body.get("involvedObject").get("name").asText()).isEqualTo("podinfo");
    assertThat(body.get("severity").asText()).isEqualTo("error");
    assertThat(body.get("message").asText()).isEqualTo("health check failed");
    assertThat(body.get("reason").asText()).isEqualTo("ReconciliationSucceeded");
    assertThat(body.get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(body.get("metadata").get("revision").asText()).isEqualTo("main@sha1:abc123");
    assertThat(body.get("reportingController").asText()).isEqualTo("kustomize-controller");
  }

  @Test
  @DisplayName("generic-hmac: X-Signature is sha256=<HMAC of the exact body>")
  void genericHmac() throws Exception {
    var r = send(ProviderSettings.of("generic-hmac", server.url("/hook")).withToken("s3cret"));
    assertThat(r.headers().get("x-signature"))
        .isEqualTo("sha256=" + GenericNotifier.hmacSha256("s3cret", r.body().getBytes("UTF-8")));
    assertThat(r.headers().get("x-signature")).matches("sha256=[0-9a-f]{64}");
  }

  @Test
  @DisplayName("generic-hmac without a token is refused, not sent unsigned")
  void genericHmacNeedsToken() {
    assertThatThrownBy(() -> Notifiers.create(ProviderSettings.of("generic-hmac", server.url("/"))))
        .isInstanceOf(UnsupportedProviderException.class)
        .hasMessageContaining("token");
  }

  /**
   * One row per Provider type sending one request: the settings (against the loopback server), then
   * the exact method, path (a regex), headers and body Flux's notifier sends for {@link #event}.
   */
  static Stream<Arguments> singleRequestTypes() {
    return Stream.of(
        Arguments.of(
            "slack: attachment with danger colour, author, fields, channel and bearer token",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.of("slack", srv.url("/services/T0/B0/X"))
                        .withChannel("#ops", null)
                        .withToken("xoxb-1"),
            "POST",
            "/services/T0/B0/X",
            Map.of("authorization", "Bearer xoxb-1"),
            "{\"channel\":\"#ops\",\"username\":\"kustomize-controller\",\"icon_url\":\"\","
                + "\"icon_emoji\":\"\",\"attachments\":[{\"color\":\"danger\","
                + "\"author_name\":\"kustomization/podinfo.apps\",\"text\":\"health check failed\","
                + "\"mrkdwn_in\":[\"text\"],\"fields\":["
                + "{\"title\":\"revision\",\"value\":\"main@sha1:abc123\",\"short\":false},"
                + "{\"title\":\"summary\",\"value\":\"prod cluster\",\"short\":false}]}]}"),
        Arguments.of(
            "alertmanager: one firing alert with Flux's labels and annotations, basic auth",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.of("alertmanager", srv.url("/api/v2/alerts"))
                        .withBasicAuth("am", "pw"),
            "POST",
            "/api/v2/alerts",
            Map.of("authorization", "Basic YW06cHc="),
            "[{\"status\":\"firing\",\"labels\":{"
                + "\"alertname\":\"FluxKustomizationReconciliationsucceeded\","
                + "\"kind\":\"Kustomization\",\"name\":\"podinfo\",\"namespace\":\"apps\","
                + "\"reason\":\"ReconciliationSucceeded\","
                + "\"reportingcontroller\":\"kustomize-controller\","
                + "\"revision\":\"main@sha1:abc123\",\"severity\":\"error\"},"
                + "\"annotations\":{\"message\":\"health check failed\","
                + "\"summary\":\"prod cluster\"},"
                + "\"startsAt\":\"2026-01-02T03:04:05Z\",\"endsAt\":\"0001-01-01T00:00:00Z\"}]"),
        Arguments.of(
            "grafana: Graphite annotation with tags, bearer token preferred over basic auth",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.of("grafana", srv.url("/api/annotations"))
                        .withBasicAuth("u", "p")
                        .withToken("glsa_1"),
            "POST",
            "/api/annotations",
            Map.of("authorization", "Bearer glsa_1"),
            "{\"when\":1767323045,\"text\":\"kustomization/podinfo.apps\",\"tags\":[\"flux\","
                + "\"kustomize-controller\",\"revision: main@sha1|abc123\","
                + "\"summary: prod cluster\",\"kind: Kustomization\",\"name: podinfo\","
                + "\"namespace: apps\"]}"),
        Arguments.of(
            "googlechat: card with header, red font for errors (Go-escaped), key/value widgets",
            (Function<RecordingServer, ProviderSettings>)
                srv -> ProviderSettings.of("googlechat", srv.url("/v1/spaces/X/messages")),
            "POST",
            "/v1/spaces/X/messages",
            Map.of(),
            "{\"cards\":[{\"header\":{\"title\":\"kustomization/podinfo.apps\","
                + "\"subtitle\":\"kustomize-controller\",\"imageUrl\":null,\"imageStyle\":null},"
                + "\"sections\":[{\"header\":\"\",\"widgets\":[{\"textParagraph\":{\"text\":"
                + "\"\\u003cfont color=\\\"#ff0000\\\"\\u003ehealth check failed\\u003c/font\\u003e\"},"
                + "\"keyValue\":null}]},{\"header\":\"\",\"widgets\":["
                + "{\"textParagraph\":null,\"keyValue\":{\"topLabel\":\"revision\","
                + "\"content\":\"main@sha1:abc123\",\"contentMultiline\":false,"
                + "\"bottomLabel\":null,\"icon\":null}},"
                + "{\"textParagraph\":null,\"keyValue\":{\"topLabel\":\"summary\","
                + "\"content\":\"prod cluster\",\"contentMultiline\":false,"
                + "\"bottomLabel\":null,\"icon\":null}}]}]}]}"),
        Arguments.of(
            "lark: interactive card, red template and siren for errors, metadata lines",
            (Function<RecordingServer, ProviderSettings>)
                srv -> ProviderSettings.of("lark", srv.url("/open-apis/bot/v2/hook/x")),
            "POST",
            "/open-apis/bot/v2/hook/x",
            Map.of(),
            "{\"msg_type\":\"interactive\",\"card\":{\"config\":{\"wide_screen_mode\":true},"
                + "\"header\":{\"title\":{\"tag\":\"plain_text\","
                + "\"content\":\"🚨 kustomization/podinfo.apps\"},\"template\":\"red\"},"
                + "\"elements\":[{\"tag\":\"div\",\"text\":{\"tag\":\"lark_md\","
                + "\"content\":\"**health check failed**\\n\\nrevision: main@sha1:abc123\\n"
                + "summary: prod cluster\\n\"}}]}}"),
        Arguments.of(
            "matrix: PUT to the room's send path with a sha1 txn id and a Bearer token",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.of("matrix", srv.url(""))
                        .withChannel("!room:example.org", null)
                        .withToken("syt_1"),
            "PUT",
            "/_matrix/client/r0/rooms/!room:example.org/send/m.room.message/[0-9a-f]{40}",
            Map.of("authorization", "Bearer syt_1"),
            "{\"body\":\"🚨 kustomization/podinfo.apps\\nhealth check failed\\n"
                + "- revision: main@sha1:abc123\\n- summary: prod cluster\\n\","
                + "\"msgtype\":\"m.text\"}"),
        Arguments.of(
            "opsgenie: GenieKey auth, Kind/name message, metadata and severity as details",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.of("opsgenie", srv.url("/v2/alerts")).withToken("genie-key"),
            "POST",
            "/v2/alerts",
            Map.of("authorization", "GenieKey genie-key"),
            "{\"message\":\"Kustomization/podinfo\",\"description\":\"health check failed\","
                + "\"details\":{\"revision\":\"main@sha1:abc123\",\"severity\":\"error\","
                + "\"summary\":\"prod cluster\"}}"),
        Arguments.of(
            "msteams: Adaptive Card 1.4 with attention colour and summary-first facts",
            (Function<RecordingServer, ProviderSettings>)
                srv -> ProviderSettings.of("msteams", srv.url("/workflows/x")),
            "POST",
            "/workflows/x",
            Map.of(),
            "{\"type\":\"message\",\"attachments\":[{\"contentType\":"
                + "\"application/vnd.microsoft.card.adaptive\",\"content\":{\"$schema\":"
                + "\"http://adaptivecards.io/schemas/adaptive-card.json\",\"type\":\"AdaptiveCard\","
                + "\"version\":\"1.4\",\"body\":[{\"type\":\"Container\",\"items\":["
                + "{\"type\":\"TextBlock\",\"text\":\"kustomization/podinfo.apps\","
                + "\"size\":\"large\",\"weight\":\"bolder\",\"wrap\":true},"
                + "{\"type\":\"TextBlock\",\"text\":\"health check failed\","
                + "\"color\":\"attention\",\"wrap\":true},"
                + "{\"type\":\"FactSet\",\"facts\":[{\"title\":\"summary\","
                + "\"value\":\"prod cluster\"},{\"title\":\"revision\","
                + "\"value\":\"main@sha1:abc123\"}]}]}],\"msteams\":{\"width\":\"Full\"}}}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleRequestTypes")
  @DisplayName("each chat/alerting type sends exactly Flux's request")
  void singleRequest(
      String name,
      Function<RecordingServer, ProviderSettings> settings,
      String method,
      String pathRegex,
      Map<String, String> headers,
      String body)
      throws Exception {
    var r = send(settings.apply(server));
    assertThat(r.method()).isEqualTo(method);
    assertThat(r.path()).matches(pathRegex);
    assertThat(r.headers()).containsAllEntriesOf(headers);
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  @DisplayName("discord: Slack payload to the address with /slack appended, no channel")
  void discord() throws Exception {
    var r =
        send(
            ProviderSettings.of("discord", server.url("/api/webhooks/1/tok"))
                .withChannel("ignored", "flux"));
    assertThat(r.path()).isEqualTo("/api/webhooks/1/tok/slack");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("channel").asText()).isEmpty();
    assertThat(body.get("username").asText()).isEqualTo("flux");
    assertThat(body.get("attachments").get(0).get("color").asText()).isEqualTo("danger");
  }

  @Test
  @DisplayName("rocket: Slack payload with Rocket colours, channel and username as given")
  void rocket() throws Exception {
    var r = send(ProviderSettings.of("rocket", server.url("/hooks/x")).withChannel("ops", null));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("channel").asText()).isEqualTo("ops");
    assertThat(body.get("username").asText()).isEmpty();
    assertThat(body.get("attachments").get(0).get("color").asText()).isEqualTo("#FF0000");
  }

  @Test
  @DisplayName("msteams: a *.webhook.office.com connector gets the legacy MessageCard")
  void msteamsLegacy() {
    Notifier n;
    try {
      n = Notifiers.create(ProviderSettings.of("msteams", "https://acme.webhook.office.com/x"));
    } catch (UnsupportedProviderException e) {
      throw new AssertionError(e);
    }
    var r = n.request(event);
    assertThat(r.uri().toString()).isEqualTo("https://acme.webhook.office.com/x");
    assertThat(r.bodyText())
        .isEqualTo(
            "{\"@type\":\"MessageCard\",\"@context\":\"http://schema.org/extensions\","
                + "\"themeColor\":\"FF0000\",\"summary\":\"kustomization/podinfo.apps\","
                + "\"sections\":[{\"activityTitle\":\"health check failed\","
                + "\"activitySubtitle\":\"kustomization/podinfo.apps\",\"facts\":["
                + "{\"name\":\"revision\",\"value\":\"main@sha1:abc123\"},"
                + "{\"name\":\"summary\",\"value\":\"prod cluster\"}]}]}");
  }

  @Test
  @DisplayName("github: GET the commit's statuses, then POST state, description and context")
  void githubCommitStatus() throws Exception {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    NotificationEvent applied =
        Fixtures.event(
            "Kustomization",
            "apps",
            "podinfo",
            "info",
            "applied",
            Map.of("revision", "main@sha1:" + sha));
    ProviderSettings s =
        ProviderSettings.builder("github")
            .address(server.url("/org/app.git"))
            .token("ghp_x")
            .providerUid("0c9c2e41-aaaa-bbbb")
            .build();
    Notifier n = Notifiers.create(s);
    Precheck p = (Precheck) n;
    NotificationSender sender = new NotificationSender(s, FAST);
    server.respondWith("[]");
    assertThat(p.redundant(sender.fetch(p.lookup(applied)), applied)).isFalse();
    sender.send(n.request(applied));
    assertThat(server.requests()).hasSize(2);
    var get = server.requests().get(0);
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.path()).isEqualTo("/api/v3/repos/org/app/commits/" + sha + "/statuses");
    assertThat(get.query()).isEqualTo("per_page=50");
    assertThat(get.headers()).containsEntry("authorization", "Bearer ghp_x");
    var post = server.requests().get(1);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/api/v3/repos/org/app/statuses/" + sha);
    assertThat(post.body())
        .isEqualTo(
            "{\"state\":\"success\",\"description\":\"reconciliation succeeded\","
                + "\"context\":\"kustomization/podinfo/0c9c2e41\"}\n");
    // the same status already at the top of its context: redundant, nothing posted
    assertThat(
            p.redundant(
                "[{\"context\":\"kustomization/podinfo/0c9c2e41\",\"state\":\"success\","
                    + "\"description\":\"reconciliation succeeded\"}]",
                applied))
        .isTrue();
    assertThat(
            p.redundant(
                "[{\"context\":\"kustomization/podinfo/0c9c2e41\",\"state\":\"failure\","
                    + "\"description\":\"health check failed\"}]",
                applied))
        .isFalse();
    // Progressing events are skipped; github.com goes to api.github.com
    NotificationEvent progressing =
        new NotificationEvent(
            applied.involvedObject(),
            "info",
            applied.timestamp(),
            "x",
            "Progressing",
            applied.metadata(),
            "kc",
            null);
    assertThat(n.request(progressing)).isNull();
    Notifier dotcom =
        Notifiers.create(
            ProviderSettings.builder("github")
                .address("git@github.com:org/app.git")
                .token("t")
                .providerUid("u")
                .build());
    assertThat(dotcom.request(applied).uri().toString())
        .isEqualTo("https://api.github.com/repos/org/app/statuses/" + sha);
  }

  @Test
  @DisplayName("gitlab: GET the commit's statuses by name, then POST state, name, description")
  void gitlabCommitStatus() throws Exception {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    NotificationEvent failed =
        Fixtures.event(
            "Kustomization",
            "apps",
            "podinfo",
            "error",
            "health check failed",
            Map.of("revision", "main@sha1:" + sha));
    ProviderSettings s =
        ProviderSettings.builder("gitlab")
            .address(server.url("/group/app"))
            .token("glpat-x")
            .providerUid("0c9c2e41-aaaa")
            .build();
    Notifier n = Notifiers.create(s);
    Precheck p = (Precheck) n;
    NotificationSender sender = new NotificationSender(s, FAST);
    server.respondWith("[]");
    assertThat(p.redundant(sender.fetch(p.lookup(failed)), failed)).isFalse();
    sender.send(n.request(failed));
    var get = server.requests().get(0);
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.path())
        .isEqualTo("/api/v4/projects/group%2Fapp/repository/commits/" + sha + "/statuses");
    assertThat(get.query()).isEqualTo("name=kustomization%2Fpodinfo%2F0c9c2e41");
    assertThat(get.headers()).containsEntry("private-token", "glpat-x");
    var post = server.requests().get(1);
    assertThat(post.path()).isEqualTo("/api/v4/projects/group%2Fapp/statuses/" + sha);
    assertThat(post.body())
        .isEqualTo(
            "{\"state\":\"failed\",\"name\":\"kustomization/podinfo/0c9c2e41\","
                + "\"description\":\"reconciliation succeeded\"}");
    assertThat(
            p.redundant(
                "[{\"sha\":\""
                    + sha
                    + "\",\"status\":\"failed\",\"name\":"
                    + "\"kustomization/podinfo/0c9c2e41\",\"description\":"
                    + "\"reconciliation succeeded\"}]",
                failed))
        .isTrue();
  }

  @Test
  @DisplayName("a 503 is retried with backoff and then delivered once")
  void retries() throws Exception {
    server.failNext(2);
    var r = send(ProviderSettings.of("generic", server.url("/hook")));
    assertThat(r.path()).isEqualTo("/hook");
  }

  @Test
  @DisplayName("a 4xx is not retried; the error does not leak the token")
  void clientErrorNotRetried() throws Exception {
    server.status(403);
    ProviderSettings s =
        ProviderSettings.of("slack", server.url("/hook?token=abc")).withToken("xoxb-secret");
    Notifier n = Notifiers.create(s);
    assertThatThrownBy(() -> new NotificationSender(s, FAST).send(n.request(event)))
        .isInstanceOf(NotificationSender.DeliveryException.class)
        .hasMessageContaining("403")
        .hasMessageNotContaining("xoxb-secret");
  }

  @Test
  @DisplayName("a type Capstan does not implement fails with ProviderNotSupported, never silently")
  void notSupported() {
    assertThat(Notifiers.NOT_SUPPORTED_YET).isEmpty(); // every v1beta3 type is implemented
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.of("carrier-pigeon", server.url("/"))))
        .isInstanceOfSatisfying(
            UnsupportedProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(UnsupportedProviderException.NOT_SUPPORTED));
  }

  @Test
  @DisplayName("every v1beta3 type is either implemented or listed as not supported yet")
  void everyTypeAccountedFor() {
    java.util.Set<String> all = new java.util.TreeSet<>();
    for (var t : io.capstan.api.notification.v1beta3.ProviderType.values()) {
      all.add(t.name().replace('_', '-'));
    }
    java.util.Set<String> known = new java.util.TreeSet<>(Notifiers.SUPPORTED);
    known.addAll(Notifiers.NOT_SUPPORTED_YET);
    assertThat(known).isEqualTo(all);
  }

  @Test
  @DisplayName("a provider without address is invalid")
  void noAddress() {
    assertThatThrownBy(() -> Notifiers.create(ProviderSettings.of("slack", null)))
        .isInstanceOfSatisfying(
            UnsupportedProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(UnsupportedProviderException.INVALID));
  }
}

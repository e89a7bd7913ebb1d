package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.notification.Fixtures;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.event.NotificationEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

/**
 * pagerduty, datadog, telegram, webex and zulip against a loopback server asserting the exact
 * requests Flux's notifiers send (bodies byte for byte, map-ordered parts sorted by key).
 */
class MessagingProviderRequestTest {

  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

  private RecordingServer server;

  private final NotificationEvent failed =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health check failed",
          Map.of("revision", "main@sha1:abc123", "summary", "prod cluster"));

  private final NotificationEvent applied =
      Fixtures.event(
          "Kustomization", "apps", "podinfo", "info", "applied", Map.of("revision", "main@sha1:1"));

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends every request of {@code event} as the dispatcher does; returns what arrived. */
  private List<RecordingServer.Request> send(ProviderSettings settings, NotificationEvent event)
      throws Exception {
    Notifier notifier = Notifiers.create(settings);
    NotificationSender sender = new NotificationSender(settings, FAST);
    for (OutboundRequest r : notifier.requests(event)) {
      sender.send(r);
    }
    return server.requests();
  }

  private static NotificationEvent withReason(NotificationEvent e, String reason) {
    return new NotificationEvent(
        e.involvedObject(),
        e.severity(),
        e.timestamp(),
        e.message(),
        reason,
        e.metadata(),
        e.reportingController(),
        e.reportingInstance());
  }

  @Test
  @DisplayName("pagerduty: an error triggers an incident at /v2/enqueue with Flux's payload")
  void pagerDutyTrigger() throws Exception {
    var requests =
        send(
            ProviderSettings.builder("pagerduty")
                .address(server.url("/ignored/path"))
                .channel("R0UTINGKEY")
                .build(),
            failed);
    assertThat(requests).hasSize(1);
    var r = requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.headers()).containsEntry("content-type", "application/json");
    assertThat(r.body())
        .isEqualTo(
            "{\"routing_key\":\"R0UTINGKEY\",\"event_action\":\"trigger\","
                + "\"dedup_key\":\"uid-podinfo\",\"payload\":{"
                + "\"summary\":\"reconciliation succeeded: prod cluster/kustomization/podinfo\","
                + "\"source\":\"Flux kustomize-controller\",\"severity\":\"error\","
                + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"component\":\"podinfo\","
                + "\"group\":\"Kustomization\",\"custom_details\":{"
                + "\"message\":\"health check failed\",\"metadata\":{"
                + "\"revision\":\"main@sha1:abc123\",\"summary\":\"prod cluster\"}}}}");
  }

  @Test
  @DisplayName("pagerduty: an info event resolves the incident, then sends a change event")
  void pagerDutyResolveAndChange() throws Exception {
    var requests =
        send(
            ProviderSettings.builder("pagerduty")
                .address(server.url("/"))
                .channel("R0UTINGKEY")
                .build(),
            applied);
    assertThat(requests)
        .extracting(RecordingServer.Request::path)
        .containsExactly("/v2/enqueue", "/v2/change/enqueue");
    assertThat(requests.get(0).body())
        .isEqualTo(
            "{\"routing_key\":\"R0UTINGKEY\",\"event_action\":\"resolve\","
                + "\"dedup_key\":\"uid-podinfo\"}");
    assertThat(requests.get(1).body())
        .isEqualTo(
            "{\"routing_key\":\"R0UTINGKEY\",\"payload\":{"
                + "\"summary\":\"reconciliation succeeded: kustomization/podinfo\","
                + "\"source\":\"Flux kustomize-controller\","
                + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"custom_details\":{"
                + "\"message\":\"applied\",\"metadata\":{\"revision\":\"main@sha1:1\"}}}}");
    // Progressing events are skipped entirely
    assertThat(
            Notifiers.create(ProviderSettings.of("pagerduty", server.url("/")))
                .requests(withReason(applied, "Progressing")))
        .isEmpty();
  }

  @Test
  @DisplayName("Flux's camel-case split of reasons (summary descriptions)")
  void camelCase() {
    assertThat(CamelCase.split("ReconciliationFailed")).containsExactly("Reconciliation", "Failed");
    assertThat(CamelCase.split("PDFLoader")).containsExactly("PDF", "Loader");
    assertThat(CamelCase.split("HealthCheck2Failed"))
        .containsExactly("Health", "Check", "2", "Failed");
    assertThat(CamelCase.split("")).isEmpty();
  }

  /**
   * One row per type sending one request for {@link #failed}: settings against the loopback server,
   * then the exact method, path, headers and body Flux sends.
   */
  static Stream<Arguments> singleRequestTypes() {
    return Stream.of(
        Arguments.of(
            "datadog: POST /api/v1/events with DD-API-KEY and the lower-cased tags",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.builder("datadog")
                        .address(srv.url("/ignored"))
                        .token("dd-key-1")
                        .build(),
            "POST",
            "/api/v1/events",
            Map.of(
                "dd-api-key", "dd-key-1",
                "content-type", "application/json",
                "accept", "application/json"),
            "{\"alert_type\":\"error\",\"date_happened\":1767323045,"
                + "\"source_type_name\":\"fluxcd\",\"tags\":["
                + "\"flux_reporting_controller:kustomize-controller\","
                + "\"flux_reason:reconciliationsucceeded\",\"kube_kind:kustomization\","
                + "\"kube_name:podinfo\",\"kube_namespace:apps\",\"revision:main@sha1:abc123\","
                + "\"summary:prod cluster\"],\"text\":\"health check failed\","
                + "\"title\":\"Events from the Kustomization podinfo/apps\"}"),
        Arguments.of(
            "telegram: sendMessage with chat_id, thread, MarkdownV2-escaped text",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.builder("telegram")
                        .address(srv.url("/"))
                        .channel("-100123:42")
                        .token("123:ABC")
                        .build(),
            "POST",
            "/bot123:ABC/sendMessage",
            Map.of("content-type", "application/json"),
            "{\"chat_id\":\"-100123\",\"message_thread_id\":\"42\",\"text\":"
                + "\"*🚨 kustomization/podinfo/apps*\\nhealth check failed\\n"
                + "\\\\- *revision*: main@sha1:abc123\\n\\\\- *summary*: prod cluster\\n\","
                + "\"parse_mode\":\"MarkdownV2\"}"),
        Arguments.of(
            "webex: roomId and markdown with Bearer token",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.builder("webex")
                        .address(srv.url("/v1/messages"))
                        .channel("room-1")
                        .token("wx-token")
                        .build(),
            "POST",
            "/v1/messages",
            Map.of("authorization", "Bearer wx-token", "content-type", "application/json"),
            "{\"roomId\":\"room-1\",\"markdown\":\"💣 **kustomization/podinfo.apps**\\n"
                + "health check failed\\n\\u003e**revision**: main@sha1:abc123\\n"
                + "\\u003e**summary**: prod cluster\\n\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleRequestTypes")
  @DisplayName("each messaging type sends exactly Flux's request")
  void singleRequest(
      String name,
      Function<RecordingServer, ProviderSettings> settings,
      String method,
      String path,
      Map<String, String> headers,
      String body)
      throws Exception {
    var requests = send(settings.apply(server), failed);
    assertThat(requests).hasSize(1);
    var r = requests.get(0);
    assertThat(r.method()).isEqualTo(method);
    assertThat(r.path()).isEqualTo(path);
    assertThat(r.headers()).containsAllEntriesOf(headers);
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  @DisplayName("datadog without a token is refused; telegram escaping and default Bot API")
  void refusalsAndDefaults() throws Exception {
    assertThatThrownBy(() -> Notifiers.create(ProviderSettings.of("datadog", server.url("/"))))
        .isInstanceOfSatisfying(
            UnsupportedProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(UnsupportedProviderException.INVALID));
    assertThat(MarkdownChatNotifiers.telegramEscape("v1.2-rc_1 (x) [y] {z} #!|=+~>`*\\"))
        .isEqualTo("v1\\.2\\-rc\\_1 \\(x\\) \\[y\\] \\{z\\} \\#\\!\\|\\=\\+\\~\\>\\`\\*\\\\");
    // Flux's default Bot API when no address is given; chat without a thread
    Notifier dflt =
        Notifiers.create(
            ProviderSettings.builder("telegram").channel("@flux").token("123:ABC").build());
    OutboundRequest req = dflt.request(applied);
    assertThat(req.uri().toString()).isEqualTo("https://api.telegram.org/bot123:ABC/sendMessage");
    assertThat(req.bodyText()).startsWith("{\"chat_id\":\"@flux\",\"text\":\"*💫 ");
  }

  @Test
  @DisplayName("telegram: no channel or no token is refused; errors never show the token")
  void telegramRefusedAndRedacted() throws Exception {
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.builder("telegram").token("123:ABC").build()))
        .hasMessageContaining("channel");
    assertThatThrownBy(
            () -> Notifiers.create(ProviderSettings.builder("telegram").channel("@c").build()))
        .hasMessageContaining("token");
    server.status(401);
    ProviderSettings s =
        ProviderSettings.builder("telegram")
            .address(server.url("/"))
            .channel("@c")
            .token("987:SECRETTOKEN")
            .build();
    assertThatThrownBy(() -> send(s, failed))
        .isInstanceOf(NotificationSender.DeliveryException.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("SECRETTOKEN");
    assertThat(s.toString()).doesNotContain("SECRETTOKEN");
  }

  @Test
  @DisplayName("zulip: form-encoded stream message at /api/v1/messages with basic auth")
  void zulip() throws Exception {
    var requests =
        send(
            ProviderSettings.builder("zulip")
                .address(server.url("/some/path"))
                .channel("ops/deploys")
                .username("flux-bot@zulip.example")
                .password("zpw")
                .build(),
            failed);
    var r = requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v1/messages");
    assertThat(r.headers())
        .containsEntry("content-type", "application/x-www-form-urlencoded")
        .containsEntry(
            "authorization", AlertmanagerNotifier.basic("flux-bot@zulip.example", "zpw"));
    // keys sorted as url.Values.Encode does; '*' escaped as Go does
    assertThat(r.body())
        .startsWith("content=%23%23+Flux+Status%0A%0A")
        .contains("%2A+%60revision%60");
    assertThat(r.body()).endsWith("&to=ops&topic=deploys&type=stream");
    String content =
        URLDecoder.decode(
            r.body().substring("content=".length(), r.body().indexOf("&to=")),
            StandardCharsets.UTF_8);
    assertThat(content)
        .isEqualTo(
            "## Flux Status\n\n⚠️ Kustomization/apps/podinfo\n\nhealth check failed\n\n"
                + "Metadata:\n* `revision`: main@sha1:abc123\n* `summary`: prod cluster\n");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("zulip")
                        .address(server.url("/"))
                        .channel("no-topic")
                        .build()))
        .hasMessageContaining("<channel>/<topic>");
  }
}

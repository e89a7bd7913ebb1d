package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.notification.Fixtures;
import io.capstan.notification.RecordingServer;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.time.Duration;
import java.util.HashMap;
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
 * githubdispatch, gitea, bitbucket and bitbucketserver against a loopback server asserting the
 * exact lookups and writes Flux's notifiers make.
 */
class GitProviderRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final String UID = "0c9c2e41-aaaa-bbbb";

  /** sha1("kustomization/podinfo/0c9c2e41"), computed independently. */
  private static final String KEY = "dfbdde19098ffc25b398f33cc01d36690866ac7b";

  private RecordingServer server;

  private final NotificationEvent failed =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health check failed",
          Map.of("revision", "main@sha1:" + SHA));

  @BeforeEach
  void start() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static NotificationEvent with(
      NotificationEvent e, String severity, String reason, Map<String, String> extra) {
    Map<String, String> metadata = new HashMap<>(e.metadata());
    metadata.putAll(extra);
    return new NotificationEvent(
        e.involvedObject(),
        severity,
        e.timestamp(),
        e.message(),
        reason,
        metadata,
        e.reportingController(),
        e.reportingInstance());
  }

  /** Runs the lookup (if any) and the writes as the dispatcher does. */
  private void deliver(ProviderSettings s, Notifier n, NotificationEvent event) throws Exception {
    NotificationSender sender = new NotificationSender(s, FAST);
    if (n instanceof Precheck p
        && p.redundant(sender.fetch(p.lookup(event), p.notFoundIsEmpty()), event)) {
      return;
    }
    for (OutboundRequest r : n.requests(event)) {
      sender.send(r);
    }
  }

  @Test
  @DisplayName("githubdispatch: repository_dispatch with event_type and the Event as payload")
  void githubDispatch() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("githubdispatch")
            .address(server.url("/org/app"))
            .token("ghp_d")
            .build();
    Notifier n = Notifiers.create(s);
    deliver(s, n, failed);
    var r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v3/repos/org/app/dispatches");
    assertThat(r.headers())
        .containsEntry("authorization", "Bearer ghp_d")
        .containsEntry("accept", "application/vnd.github.v3+json")
        .containsEntry("content-type", "application/json");
    assertThat(r.body())
        .isEqualTo(
            "{\"event_type\":\"Kustomization/podinfo.apps\",\"client_payload\":"
                + new String(EventParser.toBytes(failed), java.nio.charset.StandardCharsets.UTF_8)
                + "}\n");
    JsonNode payload = JSON.readTree(r.body()).get("client_payload");
    assertThat(payload.get("involvedObject").get("name").asText()).isEqualTo("podinfo");
    assertThat(payload.get("metadata").get("revision").asText()).isEqualTo("main@sha1:" + SHA);
    // commit status updates are not dispatched; github.com goes to api.github.com
    assertThat(n.request(with(failed, "info", "x", Map.of("commit_status", "update")))).isNull();
    assertThat(
            Notifiers.create(
                    ProviderSettings.builder("githubdispatch")
                        .address("https://github.com/org/app")
                        .password("from-password")
                        .build())
                .request(failed))
        .satisfies(
            req -> {
              assertThat(req.uri().toString())
                  .isEqualTo("https://api.github.com/repos/org/app/dispatches");
              assertThat(req.headers()).containsEntry("Authorization", "Bearer from-password");
            });
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.of("githubdispatch", "https://github.com/org/app")))
        .hasMessageContaining("token cannot be empty");
  }

  /**
   * One row per commit status type whose delivery is a lookup then a write: the settings against
   * the loopback server, the lookup's answer, then every call made ({@code METHOD path?query}),
   * headers every call carries, and the exact body of the write.
   */
  static Stream<Arguments> lookupThenWrite() {
    return Stream.of(
        Arguments.of(
            "gitea: list statuses, then POST state/target_url/description/context",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.builder("gitea")
                        .address(srv.url("/org/app.git"))
                        .token("gt-1")
                        .providerUid(UID)
                        .build(),
            "[]",
            List.of(
                "GET /api/v1/repos/org/app/commits/" + SHA + "/statuses?limit=50&page=1",
                "POST /api/v1/repos/org/app/statuses/" + SHA),
            Map.of("authorization", "token gt-1"),
            "{\"state\":\"failure\",\"target_url\":\"\","
                + "\"description\":\"reconciliation succeeded\","
                + "\"context\":\"kustomization/podinfo/0c9c2e41\"}"),
        Arguments.of(
            "bitbucketserver: builds API under the context path, basic auth, Atlassian headers",
            (Function<RecordingServer, ProviderSettings>)
                srv ->
                    ProviderSettings.builder("bitbucketserver")
                        .address(srv.url("/bb/scm/PROJ/app.git"))
                        .username("flux")
                        .password("bb-pw")
                        .providerUid(UID)
                        .build(),
            "",
            List.of(
                "GET /bb/rest/api/latest/projects/PROJ/repos/app/commits/"
                    + SHA
                    + "/builds?key="
                    + KEY,
                "POST /bb/rest/api/latest/projects/PROJ/repos/app/commits/" + SHA + "/builds"),
            Map.of(
                "authorization", AlertmanagerNotifier.basic("flux", "bb-pw"),
                "x-atlassian-token", "no-check",
                "x-requested-with", "XMLHttpRequest"),
            "{\"description\":\"reconciliation succeeded\",\"key\":\""
                + KEY
                + "\",\"name\":\"kustomization/podinfo [reconciliation succeeded]\","
                + "\"state\":\"FAILED\",\"url\":\"@ADDRESS@\"}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookupThenWrite")
  @DisplayName("commit status types: the exact lookup and write Flux's notifier makes")
  void lookupThenWriteRequests(
      String name,
      Function<RecordingServer, ProviderSettings> settings,
      String lookupAnswer,
      List<String> calls,
      Map<String, String> headers,
      String body)
      throws Exception {
    ProviderSettings s = settings.apply(server);
    server.respondWith(lookupAnswer);
    deliver(s, Notifiers.create(s), failed);
    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query()))
        .containsExactlyElementsOf(calls);
    assertThat(server.requests())
        .allSatisfy(r -> assertThat(r.headers()).containsAllEntriesOf(headers));
    var write = server.requests().get(server.requests().size() - 1);
    assertThat(write.headers()).containsEntry("content-type", "application/json");
    assertThat(write.body()).isEqualTo(body.replace("@ADDRESS@", s.address()));
  }

  @Test
  @DisplayName("gitea: an identical latest status is redundant; Progressing is pending")
  void gitea() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("gitea")
            .address(server.url("/org/app.git"))
            .token("gt-1")
            .providerUid(UID)
            .build();
    Notifier n = Notifiers.create(s);
    Precheck p = (Precheck) n;
    assertThat(
            p.redundant(
                "[{\"context\":\"kustomization/podinfo/0c9c2e41\",\"status\":\"failure\","
                    + "\"description\":\"reconciliation succeeded\"}]",
                failed))
        .isTrue();
    assertThat(
            p.redundant(
                "[{\"context\":\"kustomization/podinfo/0c9c2e41\",\"status\":\"success\","
                    + "\"description\":\"reconciliation succeeded\"}]",
                failed))
        .isFalse();
    // Progressing is a pending status for Gitea (not skipped)
    assertThat(n.request(with(failed, "info", "Progressing", Map.of())).bodyText())
        .startsWith("{\"state\":\"pending\"");
  }

  @Test
  @DisplayName("bitbucket: GET the build status by key (404: none), then POST it")
  void bitbucket() throws Exception {
    ProviderSettings s =
        ProviderSettings.builder("bitbucket")
            .address("https://bitbucket.org/team/app.git")
            .token("user:app-pass")
            .providerUid(UID)
            .build();
    Notifier n = new BitbucketCommitStatusNotifier(s.address(), s, server.url("/2.0"));
    Precheck p = (Precheck) n;
    NotificationSender sender = new NotificationSender(s, FAST);
    server.status(404);
    assertThat(sender.fetch(p.lookup(failed), p.notFoundIsEmpty())).isEmpty();
    assertThat(p.redundant("", failed)).isFalse();
    server.status(200);
    sender.send(n.request(failed));
    var post = server.requests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path())
        .isEqualTo("/2.0/repositories/team/app/commit/" + SHA + "/statuses/build");
    assertThat(post.headers())
        .containsEntry("authorization", AlertmanagerNotifier.basic("user", "app-pass"));
    assertThat(post.body())
        .isEqualTo(
            "{\"key\":\""
                + KEY
                + "\",\"url\":\"https://bitbucket.org\",\"state\":\"FAILED\","
                + "\"name\":\"kustomization/podinfo\","
                + "\"description\":\"reconciliation succeeded\"}");
    assertThat(p.lookup(failed).uri().getPath())
        .isEqualTo("/2.0/repositories/team/app/commit/" + SHA + "/statuses/build/" + KEY);
    assertThat(
            p.redundant(
                "{\"state\":\"FAILED\",\"description\":\"reconciliation succeeded\"}", failed))
        .isTrue();
    assertThat(n.request(with(failed, "info", "Progressing", Map.of()))).isNull();
    // Flux's default API host; the token must be <user>:<password>
    assertThat(Notifiers.create(s).request(failed).uri().toString())
        .isEqualTo(
            "https://api.bitbucket.org/2.0/repositories/team/app/commit/"
                + SHA
                + "/statuses/build");
    assertThatThrownBy(() -> Notifiers.create(s.withToken("no-colon")))
        .hasMessageContaining("<user>:<password>");
  }

  @Test
  @DisplayName("bitbucketserver: 404 lookup is empty, redundancy, bearer auth, refusals")
  void bitbucketServer() throws Exception {
    String address = server.url("/bb/scm/PROJ/app.git");
    ProviderSettings s =
        ProviderSettings.builder("bitbucketserver")
            .address(address)
            .username("flux")
            .password("bb-pw")
            .providerUid(UID)
            .build();
    Notifier n = Notifiers.create(s);
    Precheck p = (Precheck) n;
    NotificationSender sender = new NotificationSender(s, FAST);
    server.status(404); // no status of that key yet: not a failure
    assertThat(sender.fetch(p.lookup(failed), p.notFoundIsEmpty())).isEmpty();
    assertThat(
            p.redundant(
                "{\"key\":\""
                    + KEY
                    + "\",\"state\":\"FAILED\",\"description\":\"reconciliation succeeded\","
                    + "\"name\":\"kustomization/podinfo [reconciliation succeeded]\"}",
                failed))
        .isTrue();
    assertThat(Notifiers.create(s.toBuilder().token("bb-token").build()).request(failed).headers())
        .containsEntry("Authorization", "Bearer bb-token");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("bitbucketserver")
                        .address(address)
                        .username("flux")
                        .build()))
        .hasMessageContaining("invalid credentials");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("bitbucketserver")
                        .address("ssh://git@host/scm/PROJ/app.git")
                        .token("t")
                        .build()))
        .hasMessageContaining("Must be http or https");
  }
}

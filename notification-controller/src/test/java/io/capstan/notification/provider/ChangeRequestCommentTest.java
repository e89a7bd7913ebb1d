package io.capstan.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.capstan.notification.Fixtures;
import io.capstan.notification.event.NotificationEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pull/merge request comment Providers against a loopback API answering per path: the user
 * lookup, the comment listing, and the create-or-edit write.
 */
class ChangeRequestCommentTest {

  private static final NotificationSender.RetryPolicy FAST =
      new NotificationSender.RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20));
  private static final String UID = "0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a";
  private static final String MARKER =
      "<!-- flux-pr-comment-key:" + UID + "/Kustomization/apps/podinfo -->";

  record Call(String method, String path, String query, Map<String, String> headers, String body) {}

  private HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();

  private final NotificationEvent event =
      Fixtures.event(
          "Kustomization",
          "apps",
          "podinfo",
          "error",
          "health check failed",
          Map.of("revision", "main@sha1:abc", "change_request", "42"));

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            Map<String, String> headers = new java.util.TreeMap<>();
            ex.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            calls.add(
                new Call(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(),
                    headers,
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String answer = answers.getOrDefault(ex.getRequestURI().getRawPath(), "{}");
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void deliver(String type, String token) throws Exception {
    ProviderSettings s =
        ProviderSettings.builder(type)
            .address(url("/org/app"))
            .token(token)
            .providerUid(UID)
            .build();
    Notifier n = Notifiers.create(s);
    assertThat(n).isInstanceOf(Conversation.class);
    ((Conversation) n).deliver(event, new NotificationSender(s, FAST));
  }

  private static String expectedBody(String marker) {
    return marker
        + "\n\n## Flux Status\n\n⚠️ Kustomization/apps/podinfo\n\nhealth check failed\n\n"
        + "Metadata:\n* `revision`: main@sha1:abc\n";
  }

  @Test
  @DisplayName("githubpullrequestcomment: creates the comment when none carries the marker")
  void githubCreates() throws Exception {
    answers.put("/api/v3/user", "{\"login\":\"flux-bot\"}");
    answers.put(
        "/api/v3/repos/org/app/issues/42/comments",
        "[{\"id\":7,\"user\":{\"login\":\"someone\"},\"body\":\"" + "lgtm" + "\"}]");
    deliver("githubpullrequestcomment", "ghp_c");
    assertThat(calls).extracting(Call::method).containsExactly("GET", "GET", "POST");
    assertThat(calls.get(0).path()).isEqualTo("/api/v3/user");
    assertThat(calls.get(0).headers()).containsEntry("authorization", "Bearer ghp_c");
    assertThat(calls.get(1).path()).isEqualTo("/api/v3/repos/org/app/issues/42/comments");
    assertThat(calls.get(1).query()).isEqualTo("direction=asc&per_page=100&sort=created");
    Call post = calls.get(2);
    assertThat(post.path()).isEqualTo("/api/v3/repos/org/app/issues/42/comments");
    assertThat(post.headers()).containsEntry("content-type", "application/json");
    // go-github: no HTML escaping, trailing newline
    assertThat(post.body())
        .isEqualTo(
            new ObjectMapper().writeValueAsString(Map.of("body", expectedBody(MARKER))) + "\n")
        .contains("<!-- flux-pr-comment-key:");
  }

  @Test
  @DisplayName("githubpullrequestcomment: edits the bot's own comment carrying the marker")
  void githubEdits() throws Exception {
    answers.put("/api/v3/user", "{\"login\":\"flux-bot\"}");
    String old = new ObjectMapper().writeValueAsString(MARKER + "\n\nold");
    answers.put(
        "/api/v3/repos/org/app/issues/42/comments",
        "[{\"id\":5,\"user\":{\"login\":\"someone\"},\"body\":"
            + old
            + "},{\"id\":9,\"user\":{\"login\":\"flux-bot\"},\"body\":"
            + old
            + "}]");
    deliver("githubpullrequestcomment", "ghp_c");
    Call patch = calls.get(2);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.path()).isEqualTo("/api/v3/repos/org/app/issues/comments/9");
  }

  @Test
  @DisplayName("gitlabmergerequestcomment: notes API with PRIVATE-TOKEN, PUT on the own note")
  void gitlab() throws Exception {
    String marker = MARKER.replace("flux-pr-comment-key", "flux-mr-comment-key");
    answers.put("/api/v4/user", "{\"username\":\"flux-bot\"}");
    answers.put(
        "/api/v4/projects/org%2Fapp/merge_requests/42/notes",
        "[{\"id\":3,\"author\":{\"username\":\"flux-bot\"},\"body\":"
            + new ObjectMapper().writeValueAsString(marker)
            + "}]");
    deliver("gitlabmergerequestcomment", "glpat-c");
    assertThat(calls).extracting(Call::method).containsExactly("GET", "GET", "PUT");
    assertThat(calls.get(1).query()).isEqualTo("order_by=created_at&per_page=100&sort=asc");
    Call put = calls.get(2);
    assertThat(put.path()).isEqualTo("/api/v4/projects/org%2Fapp/merge_requests/42/notes/3");
    assertThat(put.headers()).containsEntry("private-token", "glpat-c");
    // client-go: json.Marshal (HTML escaped, no newline)
    assertThat(put.body())
        .startsWith("{\"body\":\"\\u003c!-- flux-mr-comment-key:")
        .endsWith("\"}");
    assertThat(new ObjectMapper().readTree(put.body()).get("body").asText())
        .isEqualTo(expectedBody(marker));
  }

  @Test
  @DisplayName("giteapullrequestcomment: token auth, creates with POST when no own comment")
  void gitea() throws Exception {
    answers.put("/api/v1/user", "{\"login\":\"flux-bot\"}");
    answers.put("/api/v1/repos/org/app/issues/42/comments", "[]");
    deliver("giteapullrequestcomment", "gt-c");
    assertThat(calls).extracting(Call::method).containsExactly("GET", "GET", "POST");
    assertThat(calls.get(1).query()).isEqualTo("limit=100&page=1");
    Call post = calls.get(2);
    assertThat(post.path()).isEqualTo("/api/v1/repos/org/app/issues/42/comments");
    assertThat(post.headers()).containsEntry("authorization", "token gt-c");
    assertThat(new ObjectMapper().readTree(post.body()).get("body").asText())
        .isEqualTo(expectedBody(MARKER));
  }

  @Test
  @DisplayName("an event without change_request, or without token or UID, is refused")
  void refused() {
    NotificationEvent noPr =
        Fixtures.event("Kustomization", "apps", "podinfo", "info", "ok", Map.of());
    assertThatThrownBy(
            () -> {
              ProviderSettings s =
                  ProviderSettings.builder("githubpullrequestcomment")
                      .address(url("/org/app"))
                      .token("t")
                      .providerUid(UID)
                      .build();
              ((Conversation) Notifiers.create(s)).deliver(noPr, new NotificationSender(s, FAST));
            })
        .hasMessageContaining("missing \"change_request\" metadata key");
    assertThat(calls).isEmpty();
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("gitlabmergerequestcomment")
                        .address(url("/org/app"))
                        .providerUid(UID)
                        .build()))
        .hasMessageContaining("gitlab token cannot be empty");
    assertThatThrownBy(
            () ->
                Notifiers.create(
                    ProviderSettings.builder("giteapullrequestcomment")
                        .address(url("/org/app"))
                        .token("t")
                        .build()))
        .hasMessageContaining("provider UID cannot be empty");
  }
}

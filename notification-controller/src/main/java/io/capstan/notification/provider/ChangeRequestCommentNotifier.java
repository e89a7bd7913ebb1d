package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flux's change-request comment Providers: one deduplicated deployment-status comment per object on
 * the pull/merge request named by the event's {@code change_request} metadata. The comment body is
 * {@code <!-- <prefix>:<provider UID>/<Kind>/<namespace>/<name> -->}, a blank line and Flux's
 * Markdown status; the marker finds the comment again. Each delivery reads the authenticated user,
 * lists the first 100 comments (oldest first) and edits the user's comment carrying the marker, or
 * creates one:
 *
 * <ul>
 *   <li>{@code githubpullrequestcomment}: {@code GET /user}, {@code GET
 *       /repos/<o>/<r>/issues/<n>/comments?direction=asc&per_page=100&sort=created}, {@code PATCH
 *       /repos/<o>/<r>/issues/comments/<id>} or {@code POST /repos/<o>/<r>/issues/<n>/comments}
 *       (go-github's encoding: no HTML escaping, trailing newline), Bearer token;
 *   <li>{@code gitlabmergerequestcomment}: {@code GET /api/v4/user}, {@code GET
 *       /api/v4/projects/<id>/merge_requests/<iid>/notes?order_by=created_at&per_page=100&sort=asc},
 *       {@code PUT .../notes/<id>} or {@code POST .../notes}, {@code PRIVATE-TOKEN};
 *   <li>{@code giteapullrequestcomment}: {@code GET /api/v1/user}, {@code GET
 *       /api/v1/repos/<o>/<r>/issues/<n>/comments?limit=100&page=1}, {@code PATCH
 *       /api/v1/repos/<o>/<r>/issues/comments/<id>} or {@code POST .../issues/<n>/comments}, {@code
 *       Authorization: token <token>}.
 * </ul>
 */
final class ChangeRequestCommentNotifier implements Notifier, Conversation {

  /** The three platforms. */
  enum Platform {
    GITHUB("flux-pr-comment-key"),
    GITLAB("flux-mr-comment-key"),
    GITEA("flux-pr-comment-key");

    final String keyPrefix;

    Platform(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }
  }

  private final Platform platform;
  private final String api;
  private final String repo;
  private final Map<String, String> auth = new LinkedHashMap<>();
  private final String providerUid;

  ChangeRequestCommentNotifier(Platform platform, String address, ProviderSettings s)
      throws UnsupportedProviderException {
    this.platform = platform;
    if (s.providerUid() == null || s.providerUid().isEmpty()) {
      throw invalid("provider UID cannot be empty");
    }
    if (s.token() == null || s.token().isEmpty()) {
      throw invalid(
          (platform == Platform.GITLAB ? "gitlab" : platform == Platform.GITEA ? "gitea" : "github")
              + " token cannot be empty");
    }
    String[] hostAndId = GitHubCommitStatusNotifier.parseGitAddress(address);
    String[] parts = hostAndId[1].split("/");
    switch (platform) {
      case GITHUB -> {
        requireOwnerRepo(parts, hostAndId[1]);
        this.api =
            "github.com".equals(URI.create(hostAndId[0]).getHost())
                ? "https://api.github.com/"
                : hostAndId[0] + "/api/v3/";
        this.repo = "repos/" + parts[0] + "/" + parts[1] + "/";
        auth.put("Accept", "application/vnd.github.v3+json");
        auth.put("Authorization", "Bearer " + s.token());
      }
      case GITLAB -> {
        this.api = hostAndId[0] + "/api/v4/";
        this.repo = "projects/" + URLEncoder.encode(hostAndId[1], StandardCharsets.UTF_8) + "/";
        auth.put("Accept", "application/json");
        auth.put("PRIVATE-TOKEN", s.token());
      }
      default -> {
        requireOwnerRepo(parts, hostAndId[1]);
        this.api = hostAndId[0] + "/api/v1/";
        this.repo = "repos/" + parts[0] + "/" + parts[1] + "/";
        auth.put("Authorization", "token " + s.token());
      }
    }
    this.providerUid = s.providerUid();
  }

  private static void requireOwnerRepo(String[] parts, String id)
      throws UnsupportedProviderException {
    if (parts.length != 2) {
      throw invalid("invalid repository id \"" + id + "\"");
    }
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  /** The hidden marker identifying this Provider's comment for the event's object. */
  String marker(NotificationEvent event) {
    var o = event.involvedObject();
    return "<!-- "
        + platform.keyPrefix
        + ":"
        + providerUid
        + "/"
        + o.kind()
        + "/"
        + JsonBodies.nullToEmpty(o.namespace())
        + "/"
        + o.name()
        + " -->";
  }

  /** The comment text. */
  String body(NotificationEvent event) {
    return marker(event) + "\n\n" + MarkdownChatNotifiers.markdownPost(event);
  }

  private static long number(NotificationEvent event) {
    String key = MarkdownChatNotifiers.CHANGE_REQUEST_KEY;
    String value = event.metadata().get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing \"" + key + "\" metadata key");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid \"" + key + "\" metadata value \"" + value + "\"");
    }
  }

  private OutboundRequest get(String path) {
    return new OutboundRequest("GET", URI.create(api + path), auth, new byte[0]);
  }

  private OutboundRequest write(String method, String path, NotificationEvent event) {
    ObjectNode node = JsonBodies.object();
    node.put("body", body(event));
    byte[] json =
        platform == Platform.GITHUB
            ? GitHubCommitStatusNotifier.goGithubBody(node)
            : JsonBodies.bytes(node);
    Map<String, String> h = new LinkedHashMap<>(auth);
    h.put("Content-Type", "application/json");
    return new OutboundRequest(method, URI.create(api + path), h, json);
  }

  private String commentsPath(long n) {
    return switch (platform) {
      case GITHUB -> repo + "issues/" + n + "/comments";
      case GITLAB -> repo + "merge_requests/" + n + "/notes";
      case GITEA -> repo + "issues/" + n + "/comments";
    };
  }

  /** The request creating a new comment (what {@link #deliver} sends when none exists yet). */
  @Override
  public OutboundRequest request(NotificationEvent event) {
    return write("POST", commentsPath(number(event)), event);
  }

  @Override
  public void deliver(NotificationEvent event, NotificationSender sender)
      throws NotificationSender.DeliveryException, InterruptedException {
    long n = number(event);
    String user = user(sender.fetch(get("user")));
    String query =
        switch (platform) {
          case GITHUB -> "?direction=asc&per_page=100&sort=created";
          case GITLAB -> "?order_by=created_at&per_page=100&sort=asc";
          case GITEA -> "?limit=100&page=1";
        };
    String marker = marker(event);
    Long existing = null;
    try {
      for (JsonNode c : JsonBodies.JSON.readTree(sender.fetch(get(commentsPath(n) + query)))) {
        String author =
            switch (platform) {
              case GITHUB -> c.path("user").path("login").asText("");
              case GITLAB -> c.path("author").path("username").asText("");
              case GITEA -> c.path("user").path("login").asText("");
            };
        if (author.equals(user) && c.path("body").asText("").contains(marker)) {
          existing = c.path("id").asLong();
          break;
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("failed to list change request comments: " + e);
    }
    if (existing == null) {
      sender.send(write("POST", commentsPath(n), event));
    } else if (platform == Platform.GITLAB) {
      sender.send(write("PUT", commentsPath(n) + "/" + existing, event));
    } else {
      sender.send(write("PATCH", repo + "issues/comments/" + existing, event));
    }
  }

  private String user(String json) {
    try {
      JsonNode u = JsonBodies.JSON.readTree(json);
      return platform == Platform.GITLAB
          ? u.path("username").asText("")
          : u.path("login").asText("");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("failed to get authenticated user info: " + e);
    }
  }
}

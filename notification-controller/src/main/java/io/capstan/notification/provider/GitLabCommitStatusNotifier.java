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
 * Flux's {@code gitlab} Provider: a commit status on the event's {@code revision} through the
 * GitLab v4 API at the address's host ({@code https://gitlab.com/<group>/<project>}, SSH form
 * accepted). First {@code GET /api/v4/projects/<url-escaped path>/repository/commits/<sha>/statuses
 * ?name=<context>}; unless a status for that commit already has the same name, state and
 * description, {@code POST /api/v4/projects/<path>/statuses/<sha>} with {@code state} ({@code
 * success}/{@code failed}), {@code name} ({@code <kind>/<name>/<first UID segment of the
 * Provider>}) and {@code description}. {@code PRIVATE-TOKEN} carries the token. Progressing events
 * are skipped.
 */
final class GitLabCommitStatusNotifier implements Notifier, Precheck {

  private final String api;
  private final String project;
  private final String token;
  private final String providerUid;
  private final String commitStatus;

  GitLabCommitStatusNotifier(String address, ProviderSettings s)
      throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "gitlab token cannot be empty");
    }
    String[] hostAndId = GitHubCommitStatusNotifier.parseGitAddress(address);
    this.api = hostAndId[0] + "/api/v4/";
    this.project = URLEncoder.encode(hostAndId[1], StandardCharsets.UTF_8);
    this.token = s.token();
    this.providerUid = s.providerUid() == null ? "" : s.providerUid();
    this.commitStatus = s.commitStatus();
  }

  private String name(NotificationEvent event) {
    return EventNames.commitStatusId(commitStatus, providerUid, event);
  }

  private static String state(NotificationEvent event) {
    return switch (event.severity()) {
      case NotificationEvent.INFO -> "success";
      case NotificationEvent.ERROR -> "failed";
      default -> throw new IllegalArgumentException("can't convert to gitlab state");
    };
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("PRIVATE-TOKEN", token);
    return h;
  }

  @Override
  public OutboundRequest lookup(NotificationEvent event) {
    String sha = GitHubCommitStatusNotifier.commitOf(event);
    return new OutboundRequest(
        "GET",
        URI.create(
            api
                + "projects/"
                + project
                + "/repository/commits/"
                + sha
                + "/statuses?name="
                + URLEncoder.encode(name(event), StandardCharsets.UTF_8)),
        headers(),
        new byte[0]);
  }

  @Override
  public boolean redundant(String lookupResponse, NotificationEvent event) {
    try {
      String sha = GitHubCommitStatusNotifier.commitOf(event);
      String description = GitHubCommitStatusNotifier.description(event.reason());
      for (JsonNode s : JsonBodies.JSON.readTree(lookupResponse)) {
        if (sha.equals(s.path("sha").asText())
            && state(event).equals(s.path("status").asText())
            && description.equals(s.path("description").asText())
            && name(event).equals(s.path("name").asText())) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    if ("Progressing".equals(event.reason())) {
      return null;
    }
    String sha = GitHubCommitStatusNotifier.commitOf(event);
    ObjectNode body = JsonBodies.object();
    body.put("state", state(event));
    body.put("name", name(event));
    body.put("description", GitHubCommitStatusNotifier.description(event.reason()));
    Map<String, String> h = headers();
    h.put("Content-Type", "application/json");
    return new OutboundRequest(
        "POST",
        URI.create(api + "projects/" + project + "/statuses/" + sha),
        h,
        JsonBodies.bytes(body));
  }
}

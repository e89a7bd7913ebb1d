package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flux's {@code gitea} Provider: a commit status on the event's {@code revision} through the Gitea
 * API at the address's host ({@code <host>/api/v1}, {@code Authorization: token <token>}). First
 * {@code GET /repos/<owner>/<repo>/commits/<sha>/statuses?limit=50&page=1}; unless the latest
 * status of the same context has the same state and description, {@code POST
 * /repos/<owner>/<repo>/statuses/<sha>} with {@code state} ({@code pending} for Progressing events,
 * {@code success}, {@code failure}), {@code target_url} (empty), {@code description} and {@code
 * context} ({@code <kind>/<name>/<first UID segment of the Provider>}).
 */
final class GiteaCommitStatusNotifier implements Notifier, Precheck {

  private final String api;
  private final String token;
  private final String providerUid;
  private final String commitStatus;

  GiteaCommitStatusNotifier(String address, ProviderSettings s)
      throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "gitea token cannot be empty");
    }
    String[] hostAndId = GitHubCommitStatusNotifier.parseGitAddress(address);
    String[] parts = hostAndId[1].split("/");
    if (parts.length != 2) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid repository id \"" + hostAndId[1] + "\"");
    }
    this.api = hostAndId[0] + "/api/v1/repos/" + parts[0] + "/" + parts[1] + "/";
    this.token = s.token();
    this.providerUid = s.providerUid();
    this.commitStatus = s.commitStatus();
  }

  private static String state(NotificationEvent event) {
    if ("Progressing".equals(event.reason())) {
      return "pending";
    }
    return switch (event.severity()) {
      case NotificationEvent.INFO -> "success";
      case NotificationEvent.ERROR -> "failure";
      default -> throw new IllegalArgumentException("can't convert to gitea state");
    };
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "token " + token);
    return h;
  }

  @Override
  public OutboundRequest lookup(NotificationEvent event) {
    String sha = GitHubCommitStatusNotifier.commitOf(event);
    return new OutboundRequest(
        "GET",
        URI.create(api + "commits/" + sha + "/statuses?limit=50&page=1"),
        headers(),
        new byte[0]);
  }

  @Override
  public boolean redundant(String lookupResponse, NotificationEvent event) {
    try {
      String context = EventNames.commitStatusId(commitStatus, providerUid, event);
      for (JsonNode s : JsonBodies.JSON.readTree(lookupResponse)) {
        String c = s.path("context").asText("");
        String st = s.path("status").asText(s.path("state").asText(""));
        String d = s.path("description").asText("");
        if (c.isEmpty() || st.isEmpty() || d.isEmpty()) {
          continue;
        }
        if (c.equals(context)) {
          return st.equals(state(event)) && d.equals(EventNames.description(event));
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    String sha = GitHubCommitStatusNotifier.commitOf(event);
    ObjectNode body = JsonBodies.object();
    body.put("state", state(event));
    body.put("target_url", "");
    body.put("description", EventNames.description(event));
    body.put("context", EventNames.commitStatusId(commitStatus, providerUid, event));
    Map<String, String> h = headers();
    h.put("Content-Type", "application/json");
    return new OutboundRequest(
        "POST", URI.create(api + "statuses/" + sha), h, JsonBodies.bytes(body));
  }
}

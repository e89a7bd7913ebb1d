package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flux's {@code bitbucket} Provider (Bitbucket Cloud): a build status on the event's {@code
 * revision} through {@code https://api.bitbucket.org/2.0} for the {@code <owner>/<repo>} of the
 * address, basic auth from the token {@code <user>:<app password>}. First {@code GET
 * /repositories/<owner>/<repo>/commit/<sha>/statuses/build/<key>} (404: none yet); unless it has
 * the same state and description, {@code POST .../statuses/build} with {@code key} (hex SHA-1 of
 * {@code <kind>/<name>/<first UID segment of the Provider>}), {@code url}, {@code state} ({@code
 * SUCCESSFUL}/{@code FAILED}), {@code name} and {@code description}. Progressing events are
 * skipped.
 */
final class BitbucketCommitStatusNotifier implements Notifier, Precheck {

  /** go-bitbucket's API base. */
  static final String API = "https://api.bitbucket.org/2.0";

  private final String base;
  private final String authorization;
  private final String providerUid;
  private final String commitStatus;

  BitbucketCommitStatusNotifier(String address, ProviderSettings s, String apiBase)
      throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "bitbucket token cannot be empty");
    }
    String[] hostAndId = GitHubCommitStatusNotifier.parseGitAddress(address);
    String[] credentials = s.token().split(":", -1);
    if (credentials.length != 2) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID,
          "invalid token format, expected to be <user>:<password>");
    }
    String[] parts = hostAndId[1].split("/");
    if (parts.length != 2) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid repository id \"" + hostAndId[1] + "\"");
    }
    this.base = apiBase + "/repositories/" + parts[0] + "/" + parts[1] + "/commit/";
    this.authorization = AlertmanagerNotifier.basic(credentials[0], credentials[1]);
    this.providerUid = s.providerUid();
    this.commitStatus = s.commitStatus();
  }

  private static String state(NotificationEvent event) {
    return switch (event.severity()) {
      case NotificationEvent.INFO -> "SUCCESSFUL";
      case NotificationEvent.ERROR -> "FAILED";
      default -> throw new IllegalArgumentException("can't convert to bitbucket state");
    };
  }

  private String key(NotificationEvent event) {
    return EventNames.sha1(EventNames.commitStatusId(commitStatus, providerUid, event));
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", authorization);
    return h;
  }

  @Override
  public OutboundRequest lookup(NotificationEvent event) {
    String sha = GitHubCommitStatusNotifier.commitOf(event);
    return new OutboundRequest(
        "GET", URI.create(base + sha + "/statuses/build/" + key(event)), headers(), new byte[0]);
  }

  @Override
  public boolean notFoundIsEmpty() {
    return true;
  }

  @Override
  public boolean redundant(String lookupResponse, NotificationEvent event) {
    try {
      if (lookupResponse.isBlank()) {
        return false;
      }
      JsonNode s = JsonBodies.JSON.readTree(lookupResponse);
      return state(event).equals(s.path("state").asText())
          && EventNames.description(event).equals(s.path("description").asText());
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
    body.put("key", key(event));
    body.put("url", "https://bitbucket.org");
    body.put("state", state(event));
    body.put("name", EventNames.name(event));
    body.put("description", EventNames.description(event));
    Map<String, String> h = headers();
    h.put("Content-Type", "application/json");
    return new OutboundRequest(
        "POST", URI.create(base + sha + "/statuses/build"), h, JsonBodies.bytes(body));
  }
}

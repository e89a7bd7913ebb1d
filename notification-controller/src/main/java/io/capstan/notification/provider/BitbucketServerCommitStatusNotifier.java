package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flux's {@code bitbucketserver} Provider (Bitbucket Server / Data Center): a build status on the
 * event's {@code revision}. The address is the HTTP(S) clone URL {@code
 * <host>[/<context>]/scm/<project>/<repo>.git}; the API is {@code
 * <host>[/<context>]/rest/api/latest/projects/<project>/repos/<repo>/commits/<sha>/builds}. First
 * {@code GET ...?key=<hex SHA-1 of the status id>} (404: none yet); unless it has the same key,
 * state, description and name, {@code POST} {@code description}, {@code key}, {@code name} ({@code
 * <name> [<description>]}), {@code state} ({@code SUCCESSFUL}/{@code FAILED}) and {@code url} (the
 * address), JSON with a trailing newline as Go's encoder writes it. Auth: Bearer token, else basic
 * username/password; {@code x-atlassian-token: no-check}, {@code x-requested-with: XMLHttpRequest}.
 * Progressing events are skipped.
 */
final class BitbucketServerCommitStatusNotifier implements Notifier, Precheck {

  private final String commits;
  private final String address;
  private final String authorization;
  private final String providerUid;
  private final String commitStatus;

  BitbucketServerCommitStatusNotifier(String address, ProviderSettings s)
      throws UnsupportedProviderException {
    URI u;
    try {
      u = new URI(address.trim());
    } catch (java.net.URISyntaxException e) {
      throw invalid("could not parse git address");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw invalid(
          "could not parse git address: unsupported scheme type in address: "
              + u.getScheme()
              + ". Must be http or https");
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    int scm = path.lastIndexOf("/scm/");
    if (scm < 0) {
      throw invalid(
          "could not parse git address: supplied provider address is not http(s) git clone url");
    }
    String[] id = path.substring(scm + 5).split("/", -1);
    if (id.length != 2) {
      throw invalid(
          "could not parse git address: invalid repository id \""
              + String.join("/", Arrays.asList(id))
              + "\"");
    }
    boolean token = s.token() != null && !s.token().isEmpty();
    if (!token
        && (s.username() == null
            || s.username().isEmpty()
            || s.password() == null
            || s.password().isEmpty())) {
      throw invalid("invalid credentials, expected to be one of username/password or API Token");
    }
    this.commits =
        u.getScheme()
            + "://"
            + u.getRawAuthority()
            + path.substring(0, scm)
            + "/rest/api/latest/projects/"
            + id[0]
            + "/repos/"
            + id[1]
            + "/commits/";
    this.address = address;
    this.authorization =
        token ? "Bearer " + s.token() : AlertmanagerNotifier.basic(s.username(), s.password());
    this.providerUid = s.providerUid();
    this.commitStatus = s.commitStatus();
  }

  private static UnsupportedProviderException invalid(String message) {
    return new UnsupportedProviderException(UnsupportedProviderException.INVALID, message);
  }

  private static String state(NotificationEvent event) {
    return switch (event.severity()) {
      case NotificationEvent.INFO -> "SUCCESSFUL";
      case NotificationEvent.ERROR -> "FAILED";
      default ->
          throw new IllegalArgumentException(
              "bitbucket server state generated on info or error events only");
    };
  }

  private String key(NotificationEvent event) {
    return EventNames.sha1(EventNames.commitStatusId(commitStatus, providerUid, event));
  }

  private static String name(NotificationEvent event) {
    return EventNames.name(event) + " [" + EventNames.description(event) + "]";
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", authorization);
    h.put("x-atlassian-token", "no-check");
    h.put("x-requested-with", "XMLHttpRequest");
    return h;
  }

  private String builds(NotificationEvent event) {
    return commits + GitHubCommitStatusNotifier.commitOf(event) + "/builds";
  }

  @Override
  public OutboundRequest lookup(NotificationEvent event) {
    return new OutboundRequest(
        "GET",
        URI.create(builds(event) + "?key=" + URLEncoder.encode(key(event), StandardCharsets.UTF_8)),
        headers(),
        new byte[0]);
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
      return key(event).equals(s.path("key").asText())
          && state(event).equals(s.path("state").asText())
          && EventNames.description(event).equals(s.path("description").asText())
          && name(event).equals(s.path("name").asText());
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    if ("Progressing".equals(event.reason())) {
      return null;
    }
    ObjectNode body = JsonBodies.object();
    body.put("description", EventNames.description(event));
    body.put("key", key(event));
    body.put("name", name(event));
    body.put("state", state(event));
    body.put("url", address);
    byte[] json = JsonBodies.bytes(body);
    byte[] withNewline = Arrays.copyOf(json, json.length + 1);
    withNewline[json.length] = '\n';
    Map<String, String> h = headers();
    h.put("Content-Type", "application/json");
    return new OutboundRequest("POST", URI.create(builds(event)), h, withNewline);
  }
}

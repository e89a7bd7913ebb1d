package io.capstan.notification.provider;

import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flux's {@code githubdispatch} Provider: a {@code repository_dispatch} on the repository of the
 * address ({@code POST /repos/<owner>/<repo>/dispatches}, GitHub Enterprise at {@code
 * <host>/api/v3/}) with {@code event_type} {@code <Kind>/<name>.<namespace>} and the Flux Event
 * JSON as {@code client_payload}, as go-github encodes it (no HTML escaping of its own fields, a
 * trailing newline). Commit-status update events ({@code commit_status: update}) are skipped.
 */
final class GitHubDispatchNotifier implements Notifier {

  private final URI dispatches;
  private final String token;

  GitHubDispatchNotifier(String address, ProviderSettings s) throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "github token cannot be empty");
    }
    String[] hostAndId = GitHubCommitStatusNotifier.parseGitAddress(address);
    String[] parts = hostAndId[1].split("/");
    if (parts.length != 2) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "invalid repository id \"" + hostAndId[1] + "\"");
    }
    String api =
        "github.com".equals(URI.create(hostAndId[0]).getHost())
            ? "https://api.github.com/"
            : hostAndId[0] + "/api/v3/";
    this.dispatches = URI.create(api + "repos/" + parts[0] + "/" + parts[1] + "/dispatches");
    this.token = s.token();
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    if ("update".equals(event.metadata().get("commit_status"))) {
      return null;
    }
    var o = event.involvedObject();
    String eventType = o.kind() + "/" + o.name() + "." + JsonBodies.nullToEmpty(o.namespace());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write("{\"event_type\":".getBytes(StandardCharsets.UTF_8));
      body.write(JsonBodies.JSON.writeValueAsBytes(eventType));
      body.write(",\"client_payload\":".getBytes(StandardCharsets.UTF_8));
      body.write(EventParser.toBytes(event));
      body.write("}\n".getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/vnd.github.v3+json");
    h.put("Authorization", "Bearer " + token);
    h.put("Content-Type", "application/json");
    return new OutboundRequest("POST", dispatches, h, body.toByteArray());
  }
}

package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's {@code grafana} Provider: POSTs a Graphite-style annotation ({@code when} in Unix seconds,
 * {@code text} {@code <kind>/<name>.<namespace>}, {@code tags}: {@code flux}, the reporting
 * controller, {@code key: value} per metadata entry with {@code :} replaced by {@code |}, then
 * kind, name and namespace) to the address ({@code /api/annotations}); a token is sent as Bearer,
 * else username/password as basic auth.
 */
final class GrafanaNotifier implements Notifier {

  private final URI address;
  private final String token;
  private final String username;
  private final String password;

  GrafanaNotifier(URI address, ProviderSettings s) {
    this.address = address;
    this.token = s.token();
    this.username = s.username();
    this.password = s.password();
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    var o = event.involvedObject();
    ObjectNode payload = JsonBodies.object();
    long when = 0;
    if (event.timestamp() != null) {
      try {
        when = Instant.parse(event.timestamp()).getEpochSecond();
      } catch (RuntimeException e) {
        when = 0;
      }
    }
    payload.put("when", when);
    payload.put("text", SlackNotifier.authorName(event));
    ArrayNode tags = payload.putArray("tags");
    tags.add("flux");
    tags.add(JsonBodies.nullToEmpty(event.reportingController()));
    new TreeMap<>(event.metadata())
        .forEach((k, v) -> tags.add(k.replace(":", "|") + ": " + v.replace(":", "|")));
    tags.add("kind: " + o.kind());
    tags.add("name: " + o.name());
    tags.add("namespace: " + JsonBodies.nullToEmpty(o.namespace()));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null && !token.isEmpty()) {
      headers.put("Authorization", "Bearer " + token);
    } else if (username != null && !username.isEmpty() && password != null && !password.isEmpty()) {
      headers.put("Authorization", AlertmanagerNotifier.basic(username, password));
    }
    return new OutboundRequest("POST", address, headers, JsonBodies.bytes(payload));
  }
}

package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's {@code alertmanager} Provider: POSTs a list with one firing alert to the address (e.g.
 * {@code /api/v2/alerts}): labels are the metadata (without {@code summary}) plus {@code alertname}
 * ({@code Flux<Kind><Reason title-cased>}), {@code severity}, {@code reason}, {@code kind}, {@code
 * name}, {@code namespace}, {@code reportingcontroller}; annotations {@code message} and {@code
 * summary}; {@code startsAt} is the event time, {@code endsAt} Go's zero time. Bearer token or
 * basic auth as configured.
 */
final class AlertmanagerNotifier implements Notifier {

  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private final URI address;
  private final String token;
  private final String username;
  private final String password;

  AlertmanagerNotifier(URI address, ProviderSettings s) {
    this.address = address;
    this.token = s.token();
    this.username = s.username();
    this.password = s.password();
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    Map<String, String> labels = new TreeMap<>(event.metadata());
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("message", event.message());
    String summary = labels.remove("summary");
    if (summary != null) {
      annotations.put("summary", summary);
    }
    var o = event.involvedObject();
    labels.put("alertname", "Flux" + o.kind() + goTitle(event.reason()));
    labels.put("severity", event.severity());
    labels.put("reason", event.reason());
    labels.put("kind", o.kind());
    labels.put("name", o.name());
    labels.put("namespace", JsonBodies.nullToEmpty(o.namespace()));
    labels.put("reportingcontroller", JsonBodies.nullToEmpty(event.reportingController()));

    ArrayNode payload = JsonBodies.JSON.createArrayNode();
    ObjectNode alert = payload.addObject();
    alert.put("status", "firing");
    ObjectNode l = alert.putObject("labels");
    labels.forEach(l::put);
    ObjectNode a = alert.putObject("annotations");
    annotations.forEach(a::put);
    alert.put("startsAt", event.timestamp() == null ? ZERO_TIME : event.timestamp());
    alert.put("endsAt", ZERO_TIME);

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null && !token.isEmpty()) {
      headers.put("Authorization", "Bearer " + token);
    } else if (username != null && !username.isEmpty() && password != null && !password.isEmpty()) {
      headers.put("Authorization", basic(username, password));
    }
    return new OutboundRequest("POST", address, headers, JsonBodies.bytes(payload));
  }

  /** Go's {@code cases.Title}: first letter upper case, the rest lower case. */
  static String goTitle(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

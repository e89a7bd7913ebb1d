package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's {@code datadog} Provider: {@code POST <scheme>://<host>/api/v1/events} (only the scheme
 * and host of the address are used, as the Datadog client does) with the API key (the secret's
 * {@code token}) in {@code DD-API-KEY}. The body is the client's {@code EventCreateRequest} (keys
 * sorted, as its marshaller writes them): {@code alert_type} {@code error}/{@code info}, {@code
 * date_happened} (Unix seconds), {@code source_type_name: fluxcd}, lower-cased {@code tags}
 * (reporting controller, reason, {@code kube_kind}/{@code kube_name}/{@code kube_namespace}, then
 * one {@code key:value} per metadata entry), {@code text} (the message) and {@code title}.
 */
final class DatadogNotifier implements Notifier {

  private final URI endpoint;
  private final String apiKey;

  DatadogNotifier(URI address, ProviderSettings s) throws UnsupportedProviderException {
    if (s.token() == null || s.token().isEmpty()) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "token cannot be empty");
    }
    this.endpoint =
        URI.create(address.getScheme() + "://" + address.getRawAuthority() + "/api/v1/events");
    this.apiKey = s.token();
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    var o = event.involvedObject();
    ObjectNode body = JsonBodies.object();
    body.put("alert_type", NotificationEvent.ERROR.equals(event.severity()) ? "error" : "info");
    body.put("date_happened", unixSeconds(event.timestamp()));
    body.put("source_type_name", "fluxcd");
    ArrayNode tags = body.putArray("tags");
    List<String> t = new ArrayList<>();
    t.add("flux_reporting_controller:" + JsonBodies.nullToEmpty(event.reportingController()));
    t.add("flux_reason:" + JsonBodies.nullToEmpty(event.reason()));
    t.add("kube_kind:" + o.kind());
    t.add("kube_name:" + o.name());
    t.add("kube_namespace:" + JsonBodies.nullToEmpty(o.namespace()));
    new TreeMap<>(event.metadata()).forEach((k, v) -> t.add(k + ":" + v));
    t.forEach(tag -> tags.add(tag.toLowerCase(Locale.ROOT)));
    body.put("text", JsonBodies.nullToEmpty(event.message()));
    body.put(
        "title",
        "Events from the "
            + o.kind()
            + " "
            + o.name()
            + "/"
            + JsonBodies.nullToEmpty(o.namespace()));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", "application/json");
    h.put("DD-API-KEY", apiKey);
    return new OutboundRequest("POST", endpoint, h, JsonBodies.bytes(body));
  }

  private static long unixSeconds(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).toEpochSecond();
    } catch (RuntimeException e) {
      return -62135596800L; // Go's zero time
    }
  }
}

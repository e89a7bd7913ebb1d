package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.notification.event.NotificationEvent;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flux's {@code pagerduty} Provider (Events API v2). The routing key is the Provider's {@code
 * channel}; only the scheme and host of the address are used. Every event first POSTs {@code
 * /v2/enqueue}: an error triggers an incident ({@code event_action: trigger} with a payload), an
 * info event resolves it ({@code resolve}); the dedup key is the object's UID. Info events are then
 * also sent as a change event to {@code /v2/change/enqueue}. Progressing events are skipped.
 */
final class PagerDutyNotifier implements Notifier {

  private final String endpoint;
  private final String routingKey;

  PagerDutyNotifier(URI address, ProviderSettings s) {
    this.endpoint = address.getScheme() + "://" + address.getRawAuthority();
    this.routingKey = JsonBodies.nullToEmpty(s.channel());
  }

  @Override
  public OutboundRequest request(NotificationEvent event) {
    List<OutboundRequest> all = requests(event);
    return all.isEmpty() ? null : all.get(0);
  }

  @Override
  public List<OutboundRequest> requests(NotificationEvent event) {
    if ("Progressing".equals(event.reason())) {
      return List.of();
    }
    List<OutboundRequest> out = new ArrayList<>();
    out.add(post("/v2/enqueue", alertEvent(event)));
    if (NotificationEvent.INFO.equals(event.severity())) {
      out.add(post("/v2/change/enqueue", changeEvent(event)));
    }
    return out;
  }

  private OutboundRequest post(String path, ObjectNode body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    return new OutboundRequest("POST", URI.create(endpoint + path), h, JsonBodies.bytes(body));
  }

  private ObjectNode alertEvent(NotificationEvent event) {
    ObjectNode e = JsonBodies.object();
    e.put("routing_key", routingKey);
    boolean error = NotificationEvent.ERROR.equals(event.severity());
    e.put("event_action", error ? "trigger" : "resolve");
    String uid = event.involvedObject().uid();
    if (uid != null && !uid.isEmpty()) {
      e.put("dedup_key", uid);
    }
    if (error) {
      ObjectNode p = e.putObject("payload");
      p.put("summary", summary(event));
      p.put("source", "Flux " + JsonBodies.nullToEmpty(event.reportingController()));
      p.put("severity", "error");
      putIfNotEmpty(p, "timestamp", rfc3339(event.timestamp()));
      putIfNotEmpty(p, "component", event.involvedObject().name());
      putIfNotEmpty(p, "group", event.involvedObject().kind());
      details(p.putObject("custom_details"), event);
    }
    return e;
  }

  private ObjectNode changeEvent(NotificationEvent event) {
    ObjectNode e = JsonBodies.object();
    e.put("routing_key", routingKey);
    ObjectNode p = e.putObject("payload");
    p.put("summary", summary(event));
    p.put("source", "Flux " + JsonBodies.nullToEmpty(event.reportingController()));
    putIfNotEmpty(p, "timestamp", rfc3339(event.timestamp()));
    details(p.putObject("custom_details"), event);
    return e;
  }

  private static void details(ObjectNode d, NotificationEvent event) {
    d.put("message", JsonBodies.nullToEmpty(event.message()));
    ObjectNode m = d.putObject("metadata");
    new TreeMap<>(event.metadata()).forEach(m::put);
  }

  private static void putIfNotEmpty(ObjectNode node, String key, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(key, value);
    }
  }

  /** Flux's {@code formatNameAndDescription}: {@code "<reason words>: <summary/>kind/name"}. */
  static String summary(NotificationEvent event) {
    return EventNames.description(event) + ": " + EventNames.name(event);
  }

  /** The timestamp as Go's {@code time.RFC3339} prints it (whole seconds, offset kept). */
  static String rfc3339(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "0001-01-01T00:00:00Z";
    }
    try {
      return OffsetDateTime.parse(timestamp)
          .truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (RuntimeException e) {
      return timestamp;
    }
  }
}

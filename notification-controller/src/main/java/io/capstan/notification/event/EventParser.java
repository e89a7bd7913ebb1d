package io.capstan.notification.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.goencoding.GoJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes Flux's Event JSON. Reading validates what dispatching relies on: a JSON object
 * with {@code involvedObject.kind}, {@code involvedObject.name}, {@code severity} ({@code info},
 * {@code error} or {@code trace}), {@code message} and {@code reason}; metadata values must be
 * strings. {@link #cleanupMetadata} then keeps what Flux keeps for alerting.
 */
public final class EventParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SEVERITIES = List.of("info", "error", "trace");

  private EventParser() {}

  /**
   * Parses {@code body}.
   *
   * @throws InvalidEventException when it is not JSON or lacks a required field
   */
  public static NotificationEvent parse(byte[] body) throws InvalidEventException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new InvalidEventException("decoding the request body failed: not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidEventException("decoding the request body failed: not a JSON object");
    }
    JsonNode ref = root.get("involvedObject");
    if (ref == null || !ref.isObject()) {
      throw new InvalidEventException("involvedObject is required");
    }
    NotificationEvent.InvolvedObject object =
        new NotificationEvent.InvolvedObject(
            text(ref, "apiVersion"),
            required(ref, "kind", "involvedObject.kind"),
            text(ref, "namespace"),
            required(ref, "name", "involvedObject.name"),
            text(ref, "uid"),
            text(ref, "resourceVersion"));
    String severity = required(root, "severity", "severity");
    if (!SEVERITIES.contains(severity)) {
      throw new InvalidEventException("severity must be info, error or trace, got " + severity);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = root.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw new InvalidEventException("metadata must be an object of strings");
      }
      var fields = meta.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        if (!field.getValue().isTextual()) {
          throw new InvalidEventException("metadata." + field.getKey() + " must be a string");
        }
        metadata.put(field.getKey(), field.getValue().asText());
      }
    }
    return new NotificationEvent(
        object,
        severity,
        text(root, "timestamp"),
        requiredAllowEmpty(root, "message"),
        required(root, "reason", "reason"),
        metadata,
        text(root, "reportingController"),
        text(root, "reportingInstance"));
  }

  /**
   * Flux's {@code cleanupMetadata}: keeps only the keys prefixed with the involved object's API
   * group, without that prefix, and drops {@code checksum} and {@code digest}.
   */
  public static Map<String, String> cleanupMetadata(NotificationEvent event) {
    String group = event.involvedObject().group();
    Map<String, String> out = new TreeMap<>();
    event
        .metadata()
        .forEach(
            (key, value) -> {
              if (!key.startsWith(group)) {
                return;
              }
              if (key.equalsIgnoreCase(group + "/checksum")
                  || key.equalsIgnoreCase(group + "/digest")) {
                return;
              }
              String bare = key.startsWith(group + "/") ? key.substring(group.length() + 1) : key;
              out.put(bare, value);
            });
    return out;
  }

  /** The event as Flux's Event JSON (as the generic Provider forwards it). */
  public static ObjectNode toJson(NotificationEvent event) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode ref = root.putObject("involvedObject");
    NotificationEvent.InvolvedObject o = event.involvedObject();
    putIfSet(ref, "kind", o.kind());
    putIfSet(ref, "namespace", o.namespace());
    putIfSet(ref, "name", o.name());
    putIfSet(ref, "uid", o.uid());
    putIfSet(ref, "apiVersion", o.apiVersion());
    putIfSet(ref, "resourceVersion", o.resourceVersion());
    root.put("severity", event.severity());
    root.put("timestamp", event.timestamp());
    root.put("message", event.message());
    root.put("reason", event.reason());
    if (!event.metadata().isEmpty()) {
      ObjectNode meta = root.putObject("metadata");
      TreeMap<String, String> sorted = new TreeMap<>(GoJson::compareUtf8);
      sorted.putAll(event.metadata());
      sorted.forEach(meta::put);
    }
    root.put("reportingController", event.reportingController());
    putIfSet(root, "reportingInstance", event.reportingInstance());
    return root;
  }

  /** {@link #toJson} as bytes. */
  public static byte[] toBytes(NotificationEvent event) {
    return GoJson.marshalBytes(toJson(event));
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode node, String field, String path)
      throws InvalidEventException {
    String v = text(node, field);
    if (v == null || v.isBlank()) {
      throw new InvalidEventException(path + " is required");
    }
    return v;
  }

  private static String requiredAllowEmpty(JsonNode node, String field)
      throws InvalidEventException {
    String v = text(node, field);
    if (v == null) {
      throw new InvalidEventException(field + " is required");
    }
    return v;
  }
}

package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The object as it will be sent: a deep copy with owner labels stamped, ignored fields removed,
 * {@code status} dropped and Secret {@code stringData} folded into {@code data} (as the API server
 * would, so dry-run comparisons are stable) and default port protocols set. Pure: no API calls.
 */
final class DesiredObject {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DesiredObject() {}

  static ObjectNode prepare(JsonNode source, ApplyOptions options) {
    ObjectNode object = source.deepCopy();
    ObjectRef ref = refOf(object);
    object.remove("status");
    ObjectNode metadata = object.withObjectProperty("metadata");
    metadata.remove("resourceVersion");
    metadata.remove("managedFields");
    metadata.remove("uid");
    metadata.remove("creationTimestamp");
    options
        .owner()
        .ifPresent(
            owner ->
                owner.labels().forEach((k, v) -> metadata.withObjectProperty("labels").put(k, v)));
    for (FieldIgnoreRule rule : options.ignoreRules()) {
      if (rule.target().test(ref)) {
        rule.jsonPointers().forEach(p -> remove(object, p));
      }
    }
    if (ref.kind().equals("Secret") && ref.group().isEmpty() && object.has("stringData")) {
      JsonNode stringData = object.remove("stringData");
      ObjectNode data = object.withObjectProperty("data");
      for (Map.Entry<String, JsonNode> e : stringData.properties()) {
        data.put(
            e.getKey(),
            Base64.getEncoder()
                .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
      }
    }
    defaultProtocols(object, ref);
    return object;
  }

  /**
   * Sets {@code protocol: TCP} where the API server would default it in lists keyed by port and
   * protocol (container ports, Service ports), as Flux's {@code SetNativeKindsDefaults} does, so
   * server-side apply never sees a list element without one of its keys.
   */
  private static void defaultProtocols(ObjectNode object, ObjectRef ref) {
    if (ref.group().isEmpty() && ref.kind().equals("Service")) {
      setProtocol(object.at("/spec/ports"));
      return;
    }
    String podSpec =
        switch (ref.kind()) {
          case "Pod" -> "/spec";
          case "CronJob" -> "/spec/jobTemplate/spec/template/spec";
          case "Deployment",
              "StatefulSet",
              "DaemonSet",
              "ReplicaSet",
              "Job",
              "ReplicationController" ->
              "/spec/template/spec";
          default -> null;
        };
    if (podSpec == null) {
      return;
    }
    for (String list : new String[] {"/containers", "/initContainers", "/ephemeralContainers"}) {
      for (JsonNode container : object.at(podSpec + list)) {
        setProtocol(container.path("ports"));
      }
    }
  }

  private static void setProtocol(JsonNode ports) {
    for (JsonNode port : ports) {
      if (port instanceof ObjectNode p && !p.hasNonNull("protocol")) {
        p.put("protocol", "TCP");
      }
    }
  }

  static ObjectRef refOf(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    String name = object.at("/metadata/name").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException(
          "object has no apiVersion, kind or metadata.name: " + object.toString());
    }
    return new ObjectRef(apiVersion, kind, object.at("/metadata/namespace").asText(""), name);
  }

  static JsonNode toJson(Object value) {
    return JSON.valueToTree(value);
  }

  /** Removes the field at an RFC 6901 pointer; missing paths are ignored. */
  static void remove(ObjectNode root, String pointer) {
    int last = pointer.lastIndexOf('/');
    JsonNode parent = last == 0 ? root : root.at(pointer.substring(0, last));
    String field = pointer.substring(last + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.remove(field);
    } else if (parent.isArray() && field.chars().allMatch(Character::isDigit) && !field.isEmpty()) {
      int index = Integer.parseInt(field);
      if (index < parent.size()) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) parent).remove(index);
      }
    }
  }
}

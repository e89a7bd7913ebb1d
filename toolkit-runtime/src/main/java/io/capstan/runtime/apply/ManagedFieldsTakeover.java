package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the JSON patch that hands other managers' fields to the engine's field manager (Flux's
 * {@code PatchReplaceFieldsManagers}): matching {@code managedFields} entries are removed and their
 * field sets merged into the engine's {@code Apply} entry, and the configured annotations are
 * removed. Empty when nothing needs taking over. Pure.
 */
final class ManagedFieldsTakeover {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ManagedFieldsTakeover() {}

  static Optional<ArrayNode> patch(JsonNode live, ApplyOptions options) {
    JsonNode managedFields = live.at("/metadata/managedFields");
    ArrayNode kept = NODES.arrayNode();
    ObjectNode taken = NODES.objectNode();
    ObjectNode own = null;
    boolean changed = false;
    for (JsonNode entry : managedFields) {
      String manager = entry.path("manager").asText();
      String operation = entry.path("operation").asText();
      boolean matches =
          options.takeover().stream().anyMatch(m -> m.matches(manager, operation))
              && !(manager.equals(options.fieldManager()) && operation.equals("Apply"));
      if (matches && entry.path("subresource").asText("").isEmpty()) {
        merge(taken, entry.path("fieldsV1"));
        changed = true;
      } else {
        ObjectNode copy = entry.deepCopy();
        if (manager.equals(options.fieldManager()) && operation.equals("Apply") && own == null) {
          own = copy;
        }
        kept.add(copy);
      }
    }
    ArrayNode patch = NODES.arrayNode();
    if (changed) {
      if (own == null) {
        own = NODES.objectNode();
        own.put("manager", options.fieldManager());
        own.put("operation", "Apply");
        own.put("apiVersion", live.path("apiVersion").asText());
        own.put("fieldsType", "FieldsV1");
        own.set("fieldsV1", NODES.objectNode());
        kept.add(own);
      }
      merge(own.withObjectProperty("fieldsV1"), taken);
      patch.add(
          NODES
              .objectNode()
              .put("op", "replace")
              .put("path", "/metadata/managedFields")
              .set("value", kept));
    }
    JsonNode annotations = live.at("/metadata/annotations");
    for (String annotation : options.removedAnnotations()) {
      if (annotations.has(annotation)) {
        String escaped = annotation.replace("~", "~0").replace("/", "~1");
        patch.add(
            NODES.objectNode().put("op", "remove").put("path", "/metadata/annotations/" + escaped));
      }
    }
    return patch.isEmpty() ? Optional.empty() : Optional.of(patch);
  }

  /** Deep union of two field sets (FieldsV1 objects). */
  static void merge(ObjectNode into, JsonNode from) {
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else if (existing == null) {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}

package io.capstan.runtime.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7386) between two JSON documents: {@link #diff} computes the smallest patch
 * that turns {@code source} into {@code target}; {@link #apply} applies a patch. Lists are replaced
 * as a whole, as the RFC says; a field removed from the target becomes {@code null} in the patch.
 * Numbers are compared by value, so {@code 1} read from the API server (an int node) equals {@code
 * 1L} from a Java model (a long node).
 */
public final class JsonMergePatch {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Orders numeric nodes by value, everything else by Jackson's equality. */
  private static final Comparator<JsonNode> BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private JsonMergePatch() {}

  /**
   * The merge patch from {@code source} to {@code target}; an empty object when they are equal. A
   * {@code null} or missing node is read as an empty object.
   */
  public static ObjectNode diff(JsonNode source, JsonNode target) {
    ObjectNode from = asObject(source);
    ObjectNode to = asObject(target);
    ObjectNode patch = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : from.properties()) {
      String name = field.getKey();
      if ((!to.has(name) || to.get(name).isNull()) && !field.getValue().isNull()) {
        patch.putNull(name);
      }
    }
    for (Map.Entry<String, JsonNode> field : to.properties()) {
      JsonNode before = from.get(field.getKey());
      JsonNode after = field.getValue();
      if (after.isNull() || (before != null && after.equals(BY_VALUE, before))) {
        continue;
      }
      if (after.isObject() && before != null && before.isObject()) {
        ObjectNode nested = diff(before, after);
        if (!nested.isEmpty()) {
          patch.set(field.getKey(), nested);
        }
      } else {
        patch.set(field.getKey(), stripNulls(after));
      }
    }
    return patch;
  }

  /** The result of applying {@code patch} to {@code target} (neither argument is modified). */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch;
    }
    ObjectNode result = asObject(target).deepCopy();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  private static ObjectNode asObject(JsonNode node) {
    return node != null && node.isObject() ? (ObjectNode) node : NODES.objectNode();
  }

  private static JsonNode stripNulls(JsonNode node) {
    if (!node.isObject()) {
      return node;
    }
    ObjectNode copy = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isNull()) {
        copy.set(field.getKey(), stripNulls(field.getValue()));
      }
    }
    return copy;
  }
}

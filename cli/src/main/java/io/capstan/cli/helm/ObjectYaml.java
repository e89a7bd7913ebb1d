package io.capstan.cli.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.engine.GoFormat;
import io.capstan.helm.engine.GoYamlEmitter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Objects as the commands print them: YAML with sorted keys (as {@code sigs.k8s.io/yaml} and {@code
 * kubectl} write it), Secret values masked as Flux's {@code ssa.SanitizeUnstructuredData} does
 * ({@code ***}, or {@code *** (before)} / {@code *** (after)} for a value that changes).
 */
final class ObjectYaml {

  static final String MASK = "***";
  static final String MASK_BEFORE = "*** (before)";
  static final String MASK_AFTER = "*** (after)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ObjectYaml() {}

  /** The object as YAML (no leading {@code ---}). */
  static String yaml(JsonNode object) {
    Map<String, Object> map =
        JSON.convertValue(object, new TypeReference<LinkedHashMap<String, Object>>() {});
    try {
      return GoYamlEmitter.marshal(map);
    } catch (GoFormat.MarshalException e) {
      throw new IllegalStateException(
          "cannot print " + describe(object) + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code object} is a core/v1 Secret. */
  static boolean isSecret(JsonNode object) {
    return object != null
        && "Secret".equals(object.path("kind").asText())
        && "v1".equals(object.path("apiVersion").asText());
  }

  /** A copy of a Secret with every {@code data} and {@code stringData} value masked. */
  static JsonNode masked(JsonNode object) {
    if (!isSecret(object)) {
      return object;
    }
    ObjectNode copy = object.deepCopy();
    for (String field : new String[] {"data", "stringData"}) {
      if (copy.get(field) instanceof ObjectNode data) {
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
          data.put(it.next(), MASK);
        }
      }
    }
    return copy;
  }

  /**
   * Masks the {@code data} of two versions of a Secret in place, as Flux's diff does: a key whose
   * value differs becomes {@code *** (before)} / {@code *** (after)}, every other value {@code
   * ***}.
   */
  static void maskPair(ObjectNode before, ObjectNode after) {
    if (!isSecret(before) && !isSecret(after)) {
      return;
    }
    ObjectNode old = before.get("data") instanceof ObjectNode o ? o : null;
    ObjectNode neu = after.get("data") instanceof ObjectNode n ? n : null;
    if (old != null) {
      for (Iterator<String> it = old.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (neu != null && neu.has(k) && !neu.get(k).equals(old.get(k))) {
          old.put(k, MASK_BEFORE);
          neu.put(k, MASK_AFTER);
        } else {
          old.put(k, MASK);
          if (neu != null && neu.has(k)) {
            neu.put(k, MASK);
          }
        }
      }
    }
    if (neu != null) {
      for (Iterator<String> it = neu.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (old == null || !old.has(k)) {
          neu.put(k, MASK);
        }
      }
    }
  }

  /** {@code Kind/namespace/name}, or {@code Kind/name} for a cluster-scoped object. */
  static String describe(JsonNode o) {
    String ns = o.path("metadata").path("namespace").asText();
    String name = o.path("metadata").path("name").asText();
    String kind = o.path("kind").asText();
    return ns.isEmpty() ? kind + "/" + name : kind + "/" + ns + "/" + name;
  }
}

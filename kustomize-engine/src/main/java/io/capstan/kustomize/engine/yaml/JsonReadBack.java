package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.goencoding.GoJson;
import io.capstan.goencoding.GoJsonToYaml;
import io.capstan.kustomize.engine.KustomizeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A resource's strings as kustomize prints them: it writes the resource as JSON and reads that back
 * with go-yaml v2 ({@code sigs.k8s.io/yaml.JSONToYAML}), which folds a NEL (U+0085) like a line
 * break and refuses DEL and the other C1 controls (go-encoding's {@link GoJsonToYaml}).
 */
final class JsonReadBack {
  private JsonReadBack() {}

  /**
   * {@code doc}, or a copy with its strings as go-yaml reads them back; fails as kustomize does.
   */
  static JsonNode apply(JsonNode doc) {
    if (doc == null || plain(doc)) {
      return doc;
    }
    GoJsonToYaml reader = new GoJsonToYaml();
    try {
      return copy(doc, reader);
    } catch (GoJsonToYaml.ReadBackException e) {
      throw new KustomizeException(e.getMessage());
    }
  }

  private static boolean plain(JsonNode n) {
    if (n.isTextual()) {
      return GoJsonToYaml.unchanged(n.textValue());
    }
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!GoJsonToYaml.unchanged(e.getKey()) || !plain(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (n.isArray()) {
      for (JsonNode v : n) {
        if (!plain(v)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Walks in json.Marshal's order: keys sorted by their UTF-8 bytes (code point order). */
  private static JsonNode copy(JsonNode n, GoJsonToYaml reader) {
    if (n.isTextual()) {
      String s = reader.value(n.textValue());
      return s.equals(n.textValue()) ? n : TextNode.valueOf(s);
    }
    if (n.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (JsonNode v : n) {
        a.add(copy(v, reader));
      }
      return a;
    }
    if (n.isObject()) {
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      List<String> sorted = new ArrayList<>(keys);
      sorted.sort(GoJson::compareUtf8);
      ObjectNode copied = JsonNodeFactory.instance.objectNode();
      for (String k : sorted) {
        copied.set(reader.key(k), copy(n.get(k), reader));
      }
      // keep the original field order (the writer sorts keys its own way)
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (String k : keys) {
        o.set(k, copied.get(k));
      }
      return o;
    }
    return n;
  }
}

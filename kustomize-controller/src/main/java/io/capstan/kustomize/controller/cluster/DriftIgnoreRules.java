package io.capstan.kustomize.controller.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.api.common.IgnoreRule;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code spec.ignore}, as Flux's drift ignore rules: for an object a rule selects (its {@code
 * target}, a kustomize selector: anchored regular expressions on group, version, kind, name and
 * namespace plus label and annotation selectors; no target selects every object) that already
 * exists in the cluster, the fields at the rule's JSON pointers are removed from the desired object
 * before the dry-run and the apply, so values other managers set there are neither reported as
 * drift nor reverted. An object that does not exist yet is created with those fields as written.
 */
final class DriftIgnoreRules {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DriftIgnoreRules() {}

  /**
   * {@code objects} with ignored fields removed from those that {@code exists} in the cluster.
   *
   * @throws IllegalArgumentException for a path that is not a JSON pointer or an invalid target
   */
  static List<JsonNode> strip(
      List<JsonNode> objects, List<IgnoreRule> rules, Predicate<JsonNode> exists) {
    if (rules == null || rules.isEmpty()) {
      return objects;
    }
    List<JsonNode> result = new ArrayList<>(objects.size());
    for (JsonNode object : objects) {
      List<String> pointers = pointersFor(object, rules);
      if (pointers.isEmpty() || !exists.test(object)) {
        result.add(object);
        continue;
      }
      JsonNode copy = object.deepCopy();
      pointers.forEach(pointer -> remove(copy, pointer));
      result.add(copy);
    }
    return result;
  }

  /** The pointers of every rule selecting {@code object}, in rule order. */
  static List<String> pointersFor(JsonNode object, List<IgnoreRule> rules) {
    List<String> pointers = new ArrayList<>();
    for (IgnoreRule rule : rules) {
      if (rule.getPaths() == null) {
        continue;
      }
      if (rule.getTarget() != null) {
        JsonNode target = JSON.valueToTree(rule.getTarget());
        if (!Selector.of(target).matches(new Resource((ObjectNode) object.deepCopy()))) {
          continue;
        }
      }
      for (String path : rule.getPaths()) {
        if (!path.startsWith("/")) {
          throw new IllegalArgumentException("ignore path '" + path + "' is not a JSON pointer");
        }
        pointers.add(path);
      }
    }
    return pointers;
  }

  /** Removes the field at an RFC 6901 pointer; a path that is not there is left alone. */
  static void remove(JsonNode root, String pointer) {
    String[] tokens = pointer.substring(1).split("/", -1);
    JsonNode node = root;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].replace("~1", "/").replace("~0", "~");
      boolean last = i == tokens.length - 1;
      if (node instanceof ObjectNode object) {
        if (last) {
          object.remove(token);
          return;
        }
        node = object.get(token);
      } else if (node instanceof ArrayNode array && token.matches("\\d+")) {
        int index = Integer.parseInt(token);
        if (index >= array.size()) {
          return;
        }
        if (last) {
          array.remove(index);
          return;
        }
        node = array.get(index);
      } else {
        return;
      }
      if (node == null || node instanceof TextNode) {
        return;
      }
    }
  }
}

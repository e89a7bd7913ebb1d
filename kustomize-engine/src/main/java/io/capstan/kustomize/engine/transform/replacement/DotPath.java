package io.capstan.kustomize.engine.transform.replacement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Dot-separated field paths of replacements and vars: {@code spec.containers.[name=app].image},
 * {@code spec.ports.0.port}, {@code spec.containers.*.image}, {@code [=value]} for primitive lists.
 * Brackets may contain dots. Matches can create missing fields and list elements.
 */
public final class DotPath {
  /** A located field: its container and key (field name or list index). */
  public record Slot(JsonNode container, String field, int index, boolean created) {
    /** The current value (may be null when just created). */
    public JsonNode get() {
      return field != null ? container.get(field) : container.get(index);
    }

    /** Replaces the value. */
    public void set(JsonNode v) {
      if (field != null) {
        ((ObjectNode) container).set(field, v);
      } else {
        ((ArrayNode) container).set(index, v);
      }
    }
  }

  private DotPath() {}

  /** Splits on dots outside brackets. */
  public static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (char c : path.toCharArray()) {
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      if (c == '.' && depth == 0) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /** Finds (and with {@code create}, creates) every field the path designates. */
  public static List<Slot> find(
      JsonNode root, List<String> path, boolean create, boolean createScalar) {
    List<Slot> out = new ArrayList<>();
    walk(root, path, 0, create, createScalar, out);
    return out;
  }

  private static void walk(
      JsonNode node, List<String> path, int i, boolean create, boolean scalar, List<Slot> out) {
    String seg = path.get(i);
    boolean last = i == path.size() - 1;
    if (node instanceof ObjectNode o) {
      if (seg.startsWith("[")) {
        return;
      }
      JsonNode child = o.get(seg);
      if (child == null || child.isNull()) {
        if (!create) {
          return;
        }
        if (last) {
          o.set(seg, NullNode.getInstance());
          out.add(new Slot(o, seg, -1, true));
          return;
        }
        String next = path.get(i + 1);
        child =
            next.startsWith("[") || isIndex(next)
                ? JsonNodeFactory.instance.arrayNode()
                : JsonNodeFactory.instance.objectNode();
        o.set(seg, child);
      }
      if (last) {
        out.add(new Slot(o, seg, -1, false));
        return;
      }
      walk(child, path, i + 1, create, scalar, out);
      return;
    }
    if (node instanceof ArrayNode a) {
      List<Integer> hits = new ArrayList<>();
      if (seg.equals("*")) {
        for (int k = 0; k < a.size(); k++) {
          hits.add(k);
        }
      } else if (isIndex(seg)) {
        int k = Integer.parseInt(seg);
        if (k < a.size()) {
          hits.add(k);
        }
      } else if (seg.startsWith("[") && seg.endsWith("]")) {
        String body = seg.substring(1, seg.length() - 1);
        int eq = body.indexOf('=');
        if (eq < 0) {
          return;
        }
        String key = body.substring(0, eq);
        String value = body.substring(eq + 1);
        for (int k = 0; k < a.size(); k++) {
          JsonNode e = a.get(k);
          if (key.isEmpty()) {
            if (e.isValueNode() && e.asText().equals(value)) {
              hits.add(k);
            }
          } else if (e.isObject() && e.has(key) && e.get(key).asText().equals(value)) {
            hits.add(k);
          }
        }
        if (hits.isEmpty() && create) {
          if (key.isEmpty()) {
            a.add(value);
          } else {
            ObjectNode e = a.addObject();
            e.put(key, value);
          }
          hits.add(a.size() - 1);
        }
      } else {
        return;
      }
      for (int k : hits) {
        if (last) {
          out.add(new Slot(a, null, k, false));
        } else {
          walk(a.get(k), path, i + 1, create, scalar, out);
        }
      }
    }
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (char c : s.toCharArray()) {
      if (!Character.isDigit(c)) {
        return false;
      }
    }
    return true;
  }
}

package io.capstan.kustomize.engine.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;

/** An RFC 6902 JSON patch (add, remove, replace, move, copy, test), given as JSON or YAML. */
public final class JsonPatch {
  private final ArrayNode ops;

  private JsonPatch(ArrayNode ops) {
    this.ops = ops;
  }

  /** Parses a patch; returns null when the text is not a list of operations. */
  public static JsonPatch parse(String text, String source) {
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    JsonNode n =
        YamlReader.readAll(
                t, source, t.startsWith("[") ? YamlReader.Mode.RESOURCE : YamlReader.Mode.YAML11)
            .stream()
            .filter(d -> d != null && !d.isNull())
            .findFirst()
            .orElse(null);
    if (!(n instanceof ArrayNode a)) {
      return null;
    }
    for (JsonNode op : a) {
      if (!op.isObject() || !op.has("op")) {
        throw new KustomizeException("invalid JSON patch operation in " + source + ": " + op);
      }
    }
    return new JsonPatch(a);
  }

  /** Applies the patch to a copy of {@code doc} and returns it. */
  public JsonNode apply(JsonNode doc) {
    JsonNode root = doc.deepCopy();
    for (JsonNode op : ops) {
      String kind = Resource.text(op.get("op"));
      String path = Resource.text(op.get("path"));
      switch (kind) {
        case "add" -> root = add(root, path, value(op));
        case "remove" -> root = remove(root, path);
        case "replace" -> {
          get(root, path, kind);
          root = remove(root, path);
          root = add(root, path, value(op));
        }
        case "move" -> {
          String from = Resource.text(op.get("from"));
          JsonNode v = get(root, from, kind);
          root = remove(root, from);
          root = add(root, path, v);
        }
        case "copy" -> {
          JsonNode v = get(root, Resource.text(op.get("from")), kind);
          root = add(root, path, v.deepCopy());
        }
        case "test" -> {
          JsonNode v = get(root, path, kind);
          if (!v.equals(value(op))) {
            throw new KustomizeException("testing value " + path + " failed");
          }
        }
        default -> throw new KustomizeException("unexpected JSON patch operation '" + kind + "'");
      }
    }
    return root;
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw new KustomizeException("JSON patch operation is missing a value: " + op);
    }
    return op.get("value").deepCopy();
  }

  static List<String> tokens(String path) {
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) {
      return out;
    }
    if (!path.startsWith("/")) {
      throw new KustomizeException("JSON pointer must start with '/': " + path);
    }
    for (String t : path.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode get(JsonNode root, String path, String op) {
    JsonNode cur = root;
    for (String t : tokens(path)) {
      cur = child(cur, t);
      if (cur == null) {
        throw new KustomizeException(
            op + " operation does not apply: doc is missing path: " + path);
      }
    }
    return cur;
  }

  private static JsonNode child(JsonNode n, String t) {
    if (n instanceof ObjectNode o) {
      return o.get(t);
    }
    if (n instanceof ArrayNode a) {
      int i = index(t, a.size() - 1);
      return i < 0 ? null : a.get(i);
    }
    return null;
  }

  private static int index(String t, int max) {
    try {
      int i = Integer.parseInt(t);
      return i >= 0 && i <= max ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static JsonNode add(JsonNode root, String path, JsonNode v) {
    List<String> ts = tokens(path);
    if (ts.isEmpty()) {
      return v;
    }
    JsonNode parent = get(root, pointer(ts.subList(0, ts.size() - 1)), "add");
    String last = ts.get(ts.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, v);
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(v);
      } else {
        int i = index(last, a.size());
        if (i < 0) {
          throw new KustomizeException("add operation: index out of bounds: " + path);
        }
        a.insert(i, v);
      }
    } else {
      throw new KustomizeException("add operation does not apply: doc is missing path: " + path);
    }
    return root;
  }

  private static JsonNode remove(JsonNode root, String path) {
    List<String> ts = tokens(path);
    if (ts.isEmpty()) {
      throw new KustomizeException("cannot remove the document root");
    }
    JsonNode parent = get(root, pointer(ts.subList(0, ts.size() - 1)), "remove");
    String last = ts.get(ts.size() - 1);
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a && index(last, a.size() - 1) >= 0) {
      a.remove(index(last, a.size() - 1));
    } else {
      throw new KustomizeException(
          "remove operation does not apply: doc is missing path: \"" + path + "\"");
    }
    return root;
  }

  private static String pointer(List<String> ts) {
    StringBuilder b = new StringBuilder();
    for (String t : ts) {
      b.append('/').append(t.replace("~", "~0").replace("/", "~1"));
    }
    return b.toString();
  }
}

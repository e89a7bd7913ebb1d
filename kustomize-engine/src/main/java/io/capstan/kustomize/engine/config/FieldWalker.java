package io.capstan.kustomize.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.yaml.SharedText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Visits the fields a {@link FieldSpec} path designates, descending into every element of lists met
 * on the way, optionally creating missing fields, and lets a function replace each value.
 */
public final class FieldWalker {
  /** What to create for a missing last field when the spec says create. */
  public enum Create {
    NONE,
    SCALAR,
    MAP
  }

  private FieldWalker() {}

  /** Splits a field-spec path on unescaped slashes. */
  public static List<String> split(String path) {
    String[] ps = path.split("/", -1);
    List<String> res = new ArrayList<>();
    res.add(ps[0]);
    for (int i = 1; i < ps.length; i++) {
      int last = res.size() - 1;
      if (res.get(last).endsWith("\\")) {
        String l = res.get(last);
        res.set(last, l.substring(0, l.length() - 1) + "/" + ps[i]);
      } else {
        res.add(ps[i]);
      }
    }
    return res;
  }

  /**
   * Applies {@code fn} to each value at {@code path} under {@code root}. The function receives the
   * current value (possibly a NullNode created for a missing field) and returns its replacement.
   */
  public static void apply(
      JsonNode root, String path, boolean create, Create kind, UnaryOperator<JsonNode> fn) {
    walk(root, split(path), 0, create, kind, fn);
  }

  private static void walk(
      JsonNode node,
      List<String> segs,
      int i,
      boolean create,
      Create kind,
      UnaryOperator<JsonNode> fn) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node instanceof ArrayNode a) {
      for (int k = 0; k < a.size(); k++) {
        JsonNode el = a.get(k);
        if (i == segs.size()) {
          continue;
        }
        walk(el, segs, i, create, kind, fn);
      }
      return;
    }
    if (!(node instanceof ObjectNode o)) {
      throw new KustomizeException(
          "expected sequence or mapping node at path " + String.join("/", segs));
    }
    String seg = segs.get(i);
    boolean isSeq = seg.endsWith("[]");
    String field = isSeq ? seg.substring(0, seg.length() - 2) : seg;
    if (field.isEmpty()) {
      throw new KustomizeException("cannot set or create an empty field name");
    }
    boolean last = i == segs.size() - 1;
    JsonNode child = o.get(field);
    boolean creating = create && kind != Create.NONE && !isSeq;
    if (child == null) {
      if (!creating) {
        return;
      }
      if (last) {
        child = kind == Create.MAP ? JsonNodeFactory.instance.objectNode() : NullNode.getInstance();
      } else {
        child = JsonNodeFactory.instance.objectNode();
      }
      o.set(field, child);
    } else if (child.isNull()) {
      if (isSeq) {
        child = JsonNodeFactory.instance.arrayNode();
        o.set(field, child);
      } else if (creating) {
        child =
            last
                ? (kind == Create.MAP
                    ? JsonNodeFactory.instance.objectNode()
                    : TextNode.valueOf(""))
                : JsonNodeFactory.instance.objectNode();
        o.set(field, child);
      }
    }
    if (last) {
      JsonNode nv = fn.apply(child);
      if (nv != child) {
        o.set(field, SharedText.assign(child, nv));
      }
      return;
    }
    walk(child, segs, i + 1, create, kind, fn);
  }
}

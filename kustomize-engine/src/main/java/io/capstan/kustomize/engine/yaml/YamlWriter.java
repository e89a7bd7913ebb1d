package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes Jackson trees as block YAML in the form kustomize prints: map keys sorted the way go-yaml
 * sorts them, sequences not indented under their key, numbers as Go's JSON encoder writes them and
 * strings quoted only when they would otherwise read back as another type.
 */
public final class YamlWriter {
  private YamlWriter() {}

  /** Renders documents separated by {@code ---} lines, like {@code kustomize build}. */
  public static String writeAll(List<? extends JsonNode> docs) {
    StringBuilder b = new StringBuilder();
    boolean first = true;
    for (JsonNode d : docs) {
      if (!first) {
        b.append("---\n");
      }
      first = false;
      b.append(write(d));
    }
    return b.toString();
  }

  /** Renders one document. */
  public static String write(JsonNode document) {
    JsonNode node = JsonReadBack.apply(document);
    StringBuilder b = new StringBuilder();
    if (node.isObject() && node.size() > 0) {
      writeMap(b, node, 0);
    } else if (node.isArray() && node.size() > 0) {
      writeSeq(b, node, 0);
    } else {
      b.append(scalarOrEmpty(node, 0, 0)).append('\n');
    }
    return b.toString();
  }

  private static void writeMap(StringBuilder b, JsonNode map, int indent) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    keys.sort(KeyOrder.INSTANCE);
    for (String k : keys) {
      JsonNode v = map.get(k);
      pad(b, indent);
      String key = ScalarStyle.quoteKey(k);
      b.append(key).append(':');
      writeValue(b, v, indent, true, indent + key.codePointCount(0, key.length()) + 2);
    }
  }

  private static void writeSeq(StringBuilder b, JsonNode seq, int indent) {
    for (JsonNode v : seq) {
      pad(b, indent);
      b.append('-');
      if (v.isObject() && v.size() > 0) {
        b.append(' ');
        writeInlineMap(b, v, indent + 2);
      } else if (v.isArray() && v.size() > 0) {
        b.append(' ');
        writeInlineSeq(b, v, indent + 2);
      } else {
        writeValue(b, v, indent, false, indent + 2);
      }
    }
  }

  /** Writes a map whose first key continues the current line (after "- "). */
  private static void writeInlineMap(StringBuilder b, JsonNode map, int indent) {
    StringBuilder inner = new StringBuilder();
    writeMap(inner, map, indent);
    b.append(inner, indent, inner.length());
  }

  private static void writeInlineSeq(StringBuilder b, JsonNode seq, int indent) {
    StringBuilder inner = new StringBuilder();
    writeSeq(inner, seq, indent);
    b.append(inner, indent, inner.length());
  }

  private static void writeValue(
      StringBuilder b, JsonNode v, int indent, boolean inMap, int column) {
    if (v.isObject() && v.size() > 0) {
      b.append('\n');
      writeMap(b, v, indent + 2);
    } else if (v.isArray() && v.size() > 0) {
      b.append('\n');
      writeSeq(b, v, inMap ? indent : indent + 2);
    } else {
      b.append(' ').append(scalarOrEmpty(v, indent + 2, column)).append('\n');
    }
  }

  private static String scalarOrEmpty(JsonNode v, int indent, int column) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isObject()) {
      return "{}";
    }
    if (v.isArray()) {
      return "[]";
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "true" : "false";
    }
    if (v.isNumber()) {
      return GoNumbers.format(v);
    }
    return ScalarStyle.quote(v.asText(), indent, column);
  }

  private static void pad(StringBuilder b, int n) {
    for (int i = 0; i < n; i++) {
      b.append(' ');
    }
  }
}

package io.capstan.helm.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Schema errors in the words of santhosh-tekuri/jsonschema v6, which Helm v4 uses: one line {@code
 * - at '/json/pointer': message} per error ({@code got string, want boolean}, {@code minimum: got
 * -5, want 0}, {@code missing properties 'a', 'b'}, {@code value must be one of 'x', 'y'}, ...).
 * Helm prints the errors in Go map order, which changes from run to run; these are sorted by
 * location. Keywords without a v6 counterpart here keep networknt's message.
 */
final class SchemaErrors {
  private SchemaErrors() {}

  /** A node of v6's error tree: a subschema (or an anyOf/oneOf/allOf/not keyword). */
  private static final class Node {
    final String path;
    final String header; // null for a subschema: "validation failed" when it has 2+ causes
    final List<String[]> errors = new ArrayList<>(); // {location, message, keyword}
    final Map<String, Node> children = new TreeMap<>();

    Node(String path, String header) {
      this.path = path;
      this.header = header;
    }
  }

  static String format(Set<ValidationMessage> messages) {
    Node root = new Node("", null);
    Map<String, Node> nodes = new java.util.HashMap<>();
    nodes.put("", root);
    // missing/additional properties of one object are one v6 error
    Map<String, List<String>> grouped = new java.util.LinkedHashMap<>();
    Map<String, String> groupedAt = new java.util.HashMap<>();
    for (ValidationMessage m : messages) {
      String at = m.getInstanceLocation().toString();
      String type = m.getType();
      List<String> segs = segments(m.getEvaluationPath().toString());
      String keyword = segs.isEmpty() ? type : segs.remove(segs.size() - 1);
      Node node = node(nodes, segs);
      if ("required".equals(type) || "additionalProperties".equals(type)) {
        String key = type + "\u0000" + node.path;
        String prop = m.getProperty() != null ? m.getProperty() : argument(m, 0);
        grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(prop);
        groupedAt.put(key, at);
        continue;
      }
      node.errors.add(new String[] {at, message(m), keyword});
    }
    grouped.forEach(
        (key, props) -> {
          String type = key.substring(0, key.indexOf('\u0000'));
          List<String> quoted = props.stream().map(SchemaErrors::quote).toList();
          String list = String.join(", ", quoted);
          String msg =
              type.equals("required")
                  ? (props.size() == 1 ? "missing property " : "missing properties ") + list
                  : "additional properties " + list + " not allowed";
          nodes
              .get(key.substring(key.indexOf('\u0000') + 1))
              .errors
              .add(new String[] {groupedAt.get(key), msg, type});
        });
    StringBuilder sb = new StringBuilder();
    for (Entry e : causes(root)) {
      render(sb, e, 0);
    }
    return sb.toString();
  }

  /** A rendered error: location, message and its causes. */
  private record Entry(String at, String message, List<Entry> causes) {}

  private static List<Entry> causes(Node n) {
    List<Entry> out = new ArrayList<>();
    boolean typeFailed = false;
    for (String[] e : n.errors) {
      typeFailed |= "type".equals(e[2]) && n.header == null;
    }
    for (String[] e : n.errors) {
      // v6 stops at a failed type: no other keyword of that subschema is reported
      if (!typeFailed || "type".equals(e[2])) {
        out.add(new Entry(e[0], e[1], List.of()));
      }
    }
    if (!typeFailed) {
      for (Node c : n.children.values()) {
        Entry e = entry(c);
        if (e != null) {
          out.add(e);
        }
      }
    }
    out.sort(
        (a, b) ->
            a.at().equals(b.at()) ? a.message().compareTo(b.message()) : a.at().compareTo(b.at()));
    return out;
  }

  private static Entry entry(Node n) {
    List<Entry> causes = causes(n);
    if (causes.isEmpty()) {
      return null;
    }
    if (n.header != null) {
      return new Entry(commonLocation(causes), n.header, causes);
    }
    if (causes.size() == 1) {
      return causes.get(0);
    }
    return new Entry(commonLocation(causes), "validation failed", causes);
  }

  private static String commonLocation(List<Entry> entries) {
    String common = entries.get(0).at();
    for (Entry e : entries) {
      while (!(e.at().equals(common) || e.at().startsWith(common + "/"))) {
        common = common.contains("/") ? common.substring(0, common.lastIndexOf('/')) : "";
      }
    }
    return common;
  }

  private static void render(StringBuilder sb, Entry e, int depth) {
    sb.append("  ".repeat(depth))
        .append("- at ")
        .append(quote(e.at()))
        .append(": ")
        .append(e.message())
        .append('\n');
    for (Entry c : e.causes()) {
      render(sb, c, depth + 1);
    }
  }

  private static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    for (String s : pointer.split("/")) {
      if (!s.isEmpty()) {
        out.add(s.replace("~1", "/").replace("~0", "~"));
      }
    }
    return out;
  }

  /** The node of a subschema path, creating it and its ancestors (applicator steps). */
  private static Node node(Map<String, Node> nodes, List<String> segs) {
    String path = String.join("/", segs);
    Node existing = nodes.get(path);
    if (existing != null) {
      return existing;
    }
    int n = segs.size();
    String last = segs.get(n - 1);
    String prev = n >= 2 ? segs.get(n - 2) : "";
    boolean indexed =
        last.matches("\\d+")
            && Set.of("anyOf", "oneOf", "allOf", "items", "prefixItems").contains(prev);
    boolean named =
        Set.of(
                "properties",
                "patternProperties",
                "dependencies",
                "dependentSchemas",
                "definitions",
                "$defs")
            .contains(prev);
    int strip = indexed || named ? 2 : 1;
    List<String> parentSegs = new ArrayList<>(segs.subList(0, n - strip));
    Node parent;
    Node node;
    if (indexed && Set.of("anyOf", "oneOf", "allOf").contains(prev)) {
      // the keyword is a node of its own: "'anyOf' failed" with each subschema's errors
      List<String> keywordSegs = new ArrayList<>(segs.subList(0, n - 1));
      String keywordPath = String.join("/", keywordSegs);
      Node keyword = nodes.get(keywordPath);
      if (keyword == null) {
        parent = node(nodes, parentSegs);
        String header =
            switch (prev) {
              case "anyOf" -> "'anyOf' failed";
              case "oneOf" -> "'oneOf' failed, none matched";
              default -> "'allOf' failed";
            };
        keyword = new Node(keywordPath, header);
        nodes.put(keywordPath, keyword);
        parent.children.put(keywordPath, keyword);
      }
      parent = keyword;
    } else {
      parent = node(nodes, parentSegs);
    }
    node = new Node(path, null);
    nodes.put(path, node);
    parent.children.put(path, node);
    return node;
  }

  private static String message(ValidationMessage m) {
    String type = m.getType();
    JsonNode value = m.getInstanceNode();
    JsonNode want = keyword(m, type);
    switch (type == null ? "" : type) {
      case "type" -> {
        if (want != null) {
          List<String> types = new ArrayList<>();
          if (want.isArray()) {
            want.forEach(t -> types.add(t.asText()));
          } else {
            types.add(want.asText());
          }
          java.util.Collections.sort(types);
          return "got " + typeOf(value) + ", want " + String.join(" or ", types);
        }
      }
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf" -> {
        if (value != null && value.isNumber() && want != null && want.isNumber()) {
          return type + ": got " + number(value) + ", want " + number(want);
        }
      }
      case "minLength", "maxLength" -> {
        if (value != null && value.isTextual() && want != null) {
          return type
              + ": got "
              + value.asText().codePointCount(0, value.asText().length())
              + ", want "
              + want.asLong();
        }
      }
      case "minItems", "maxItems", "minProperties", "maxProperties" -> {
        if (value != null && want != null) {
          return type + ": got " + value.size() + ", want " + want.asLong();
        }
      }
      case "enum" -> {
        if (want != null && want.isArray()) {
          List<String> all = new ArrayList<>();
          want.forEach(v -> all.add(display(v)));
          return all.size() == 1
              ? "value must be " + all.get(0)
              : "value must be one of " + String.join(", ", all);
        }
      }
      case "const" -> {
        if (want != null) {
          return "value must be " + display(want);
        }
      }
      case "pattern" -> {
        if (value != null && want != null) {
          return quote(value.asText()) + " does not match pattern " + quote(want.asText());
        }
      }
      case "false" -> {
        return "false schema";
      }
      case "not" -> {
        return "'not' failed";
      }
      default -> {}
    }
    return m.getMessage();
  }

  /** The keyword's value in the schema (networknt gives either the keyword node or its parent). */
  private static JsonNode keyword(ValidationMessage m, String type) {
    JsonNode n = m.getSchemaNode();
    if (n != null && n.isObject() && type != null && n.has(type)) {
      return n.get(type);
    }
    return n;
  }

  private static String argument(ValidationMessage m, int i) {
    Object[] args = m.getArguments();
    return args != null && args.length > i ? String.valueOf(args[i]) : "";
  }

  private static String typeOf(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isNumber()) {
      return "number"; // Helm's values are float64: jsonschema v6 calls them numbers
    }
    if (v.isTextual()) {
      return "string";
    }
    return v.isArray() ? "array" : "object";
  }

  /** Go's {@code %v} of the float64 value. */
  private static String number(JsonNode n) {
    return GoFormat.formatFloat(n.asDouble(), 'g', -1);
  }

  /** v6's {@code display}: strings quoted, containers as "value", the rest as Go's %v. */
  private static String display(JsonNode v) {
    if (v.isTextual()) {
      return quote(v.asText());
    }
    if (v.isContainerNode()) {
      return "value";
    }
    if (v.isNull()) {
      return "<nil>";
    }
    if (v.isNumber()) {
      return number(v);
    }
    return v.asText();
  }

  /** v6's {@code quote}: Go's %q, then single quotes outside and unescaped double quotes. */
  static String quote(String s) {
    String q = io.capstan.gotemplate.GoFmt.quote(s);
    q = q.substring(1, q.length() - 1).replace("\\\"", "\"").replace("'", "\\'");
    return "'" + q + "'";
  }
}

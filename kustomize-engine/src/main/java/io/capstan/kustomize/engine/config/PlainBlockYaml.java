package io.capstan.kustomize.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Start-up (issue #19): reads the engine's own {@code default-fieldspecs.yaml} without the YAML
 * parser. That 24 KB file is ten times the input of a small build, and reading it with
 * snakeyaml-engine was about half of the engine's cold (interpreted) work on {@code
 * examples/webapp}.
 *
 * <p>Only a strict subset of YAML is taken: block mappings and block sequences (a sequence may sit
 * at its key's indentation), {@code key: value} with plain scalar values that start with a letter
 * and hold only letters, digits and {@code / . _ - [ ]} and backslashes (a plain scalar has no
 * escapes), {@code true}/{@code false}, whole-line comments and blank lines. Anything else (quotes,
 * flow collections, anchors, tags, numbers, null, YAML 1.1 booleans, tabs, trailing comments, a
 * repeated key...) returns {@code null}, and the caller reads the text with the real YAML reader,
 * so the result is always what that reader gives ({@code PlainBlockYamlTest} checks the shipped
 * file takes this path and gives the same tree).
 */
final class PlainBlockYaml {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final int[] indents;
  private final String[] texts;
  private final int count;
  private int pos;

  private PlainBlockYaml(String text) {
    String[] lines = text.split("\n", -1);
    indents = new int[lines.length];
    texts = new String[lines.length];
    int n = 0;
    for (String line : lines) {
      int i = 0;
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      if (i == line.length() || line.charAt(i) == '#') {
        continue;
      }
      indents[n] = i;
      texts[n] = line.substring(i);
      n++;
    }
    count = n;
  }

  /** The tree of {@code text}, or {@code null} when it is not in the subset. */
  static JsonNode read(String text) {
    try {
      PlainBlockYaml reader = new PlainBlockYaml(text);
      if (reader.count == 0) {
        return null;
      }
      JsonNode root = reader.block(0);
      return reader.pos == reader.count ? root : null;
    } catch (NotPlain e) {
      return null;
    }
  }

  /** The collection starting at {@code pos}, whose lines sit at {@code indent}. */
  private JsonNode block(int indent) {
    if (indents[pos] != indent) {
      throw new NotPlain();
    }
    return texts[pos].startsWith("- ") ? sequence(indent) : mapping(indent);
  }

  private ArrayNode sequence(int indent) {
    ArrayNode list = NODES.arrayNode();
    while (pos < count && indents[pos] == indent && texts[pos].startsWith("- ")) {
      // the item's first line becomes a line of its own, two columns in
      indents[pos] = indent + 2;
      texts[pos] = texts[pos].substring(2);
      if (texts[pos].isEmpty() || texts[pos].charAt(0) == ' ' || texts[pos].startsWith("- ")) {
        throw new NotPlain();
      }
      list.add(mapping(indent + 2));
    }
    return list;
  }

  private ObjectNode mapping(int indent) {
    ObjectNode map = NODES.objectNode();
    while (pos < count && indents[pos] == indent && !texts[pos].startsWith("- ")) {
      String line = texts[pos];
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new NotPlain();
      }
      String key = line.substring(0, colon);
      if (!plain(key) || map.has(key)) {
        throw new NotPlain();
      }
      pos++;
      if (colon == line.length() - 1) {
        // a nested block: deeper, or a sequence at the key's indentation
        if (pos < count
            && (indents[pos] > indent || (indents[pos] == indent && texts[pos].startsWith("- ")))) {
          map.set(key, block(indents[pos]));
        } else {
          throw new NotPlain(); // an empty value (null) is not in the subset
        }
      } else if (line.charAt(colon + 1) == ' ') {
        map.set(key, scalar(line.substring(colon + 2)));
      } else {
        throw new NotPlain();
      }
    }
    if (pos < count && indents[pos] > indent) {
      throw new NotPlain();
    }
    return map;
  }

  private static JsonNode scalar(String value) {
    if (value.equals("true")) {
      return BooleanNode.TRUE;
    }
    if (value.equals("false")) {
      return BooleanNode.FALSE;
    }
    if (!plain(value) || reserved(value)) {
      throw new NotPlain();
    }
    return TextNode.valueOf(value);
  }

  /** A letter, then letters, digits, {@code / . _ - [ ]} and backslashes. */
  private static boolean plain(String s) {
    if (s.isEmpty() || !letter(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(letter(c)
          || (c >= '0' && c <= '9')
          || c == '/'
          || c == '.'
          || c == '_'
          || c == '-'
          || c == '['
          || c == ']'
          || c == '\\')) {
        return false;
      }
    }
    return true;
  }

  private static boolean letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Words some YAML schema reads as other than a string (null, booleans of 1.1 and 1.2). */
  private static boolean reserved(String s) {
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf" -> {
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Thrown inside the reader when the text leaves the subset. */
  private static final class NotPlain extends RuntimeException {
    NotPlain() {
      super(null, null, false, false);
    }
  }
}

package io.capstan.kustomize.controller.decryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line-based SOPS formats, dotenv and INI: parsing into entries (values and comments), writing
 * them back as {@code sops} writes them, and rebuilding the metadata block from SOPS's flattened
 * keys ({@code age__list_0__map_enc}).
 */
final class FlatDocuments {

  private static final String LIST = "__list_";
  private static final String MAP = "__map_";

  /** A {@code key=value} line, or a comment ({@code key == null}) holding text after the mark. */
  record Entry(String key, String value) {
    boolean comment() {
      return key == null;
    }
  }

  private FlatDocuments() {}

  /**
   * Dotenv lines: {@code #comment}, {@code KEY=value} (with {@code \n} escapes); blanks skipped.
   */
  static List<Entry> parseDotenv(String text) throws SopsDecryptionException {
    List<Entry> entries = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        entries.add(new Entry(null, line.substring(1)));
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new SopsDecryptionException("invalid dotenv input line " + lineNumber);
      }
      entries.add(new Entry(line.substring(0, eq), line.substring(eq + 1).replace("\\n", "\n")));
    }
    return entries;
  }

  /** Dotenv output: one line per entry, newlines in values escaped as {@code \n}. */
  static String writeDotenv(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (Entry entry : entries) {
      if (entry.comment()) {
        out.append('#').append(entry.value()).append('\n');
      } else {
        out.append(entry.key()).append('=').append(entry.value().replace("\n", "\\n")).append('\n');
      }
    }
    return out.toString();
  }

  /** INI sections in order; keys before any section belong to {@code DEFAULT}. */
  static Map<String, List<Entry>> parseIni(String text) throws SopsDecryptionException {
    Map<String, List<Entry>> sections = new LinkedHashMap<>();
    List<Entry> current = null;
    int lineNumber = 0;
    for (String raw : text.split("\\R", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current =
            sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new ArrayList<>());
        continue;
      }
      if (current == null) {
        current = sections.computeIfAbsent("DEFAULT", s -> new ArrayList<>());
      }
      if (line.startsWith(";") || line.startsWith("#")) {
        current.add(new Entry(null, line.substring(1).strip()));
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new SopsDecryptionException("invalid INI input line " + lineNumber);
      }
      current.add(
          new Entry(
              line.substring(0, eq).strip(), line.substring(eq + 1).strip().replace("\\n", "\n")));
    }
    return sections;
  }

  /**
   * INI output as go-ini's pretty format writes it: {@code key = value} with the {@code =} aligned
   * per section, a blank line between sections, comments as {@code ; text}.
   */
  static String writeIni(Map<String, List<Entry>> sections) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (Map.Entry<String, List<Entry>> section : sections.entrySet()) {
      if (!first) {
        out.append('\n');
      }
      first = false;
      if (!section.getKey().equals("DEFAULT")) {
        out.append('[').append(section.getKey()).append("]\n");
      }
      int width = 0;
      for (Entry entry : section.getValue()) {
        if (!entry.comment()) {
          width = Math.max(width, entry.key().length());
        }
      }
      for (Entry entry : section.getValue()) {
        if (entry.comment()) {
          out.append("; ").append(entry.value()).append('\n');
        } else {
          out.append(entry.key())
              .append(" ".repeat(width - entry.key().length()))
              .append(" = ")
              .append(entry.value().replace("\n", "\\n"))
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Rebuilds a metadata tree from flattened {@code key -> value} pairs. */
  static ObjectNode unflatten(Map<String, String> flat) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, String> entry : flat.entrySet()) {
      List<Object> path = splitFlatKey(entry.getKey());
      JsonNode node = root;
      for (int i = 0; i < path.size(); i++) {
        Object step = path.get(i);
        boolean last = i == path.size() - 1;
        Object next = last ? null : path.get(i + 1);
        if (step instanceof String name) {
          ObjectNode object = (ObjectNode) node;
          if (last) {
            object.set(name, TextNode.valueOf(entry.getValue()));
          } else if (!object.has(name)) {
            object.set(name, next instanceof Integer ? object.arrayNode() : object.objectNode());
          }
          node = object.get(name);
        } else {
          ArrayNode array = (ArrayNode) node;
          int index = (Integer) step;
          while (array.size() <= index) {
            array.add(next instanceof Integer ? array.arrayNode() : array.objectNode());
          }
          if (last) {
            array.set(index, TextNode.valueOf(entry.getValue()));
          }
          node = array.get(index);
        }
      }
    }
    return root;
  }

  private static List<Object> splitFlatKey(String key) {
    List<Object> path = new ArrayList<>();
    int i = firstSeparator(key, 0);
    path.add(key.substring(0, i));
    while (i < key.length()) {
      if (key.startsWith(LIST, i)) {
        int start = i + LIST.length();
        int end = start;
        while (end < key.length() && Character.isDigit(key.charAt(end))) {
          end++;
        }
        path.add(Integer.parseInt(key.substring(start, end)));
        i = end;
      } else {
        int start = i + MAP.length();
        int end = firstSeparator(key, start);
        path.add(key.substring(start, end));
        i = end;
      }
    }
    return path;
  }

  private static int firstSeparator(String key, int from) {
    int list = key.indexOf(LIST, from);
    int map = key.indexOf(MAP, from);
    int end = key.length();
    if (list >= 0) {
      end = Math.min(end, list);
    }
    if (map >= 0) {
      end = Math.min(end, map);
    }
    return end;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

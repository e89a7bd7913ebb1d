package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.goencoding.GoYamlEscapes;
import io.capstan.kustomize.engine.KustomizeException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Reads YAML streams into Jackson trees. Aliases are expanded, scalars are typed like kustomize
 * does, duplicate mapping keys are rejected, and every error names the source and line.
 */
public final class YamlReader {
  private static final Tag IMPLICIT = new Tag("tag:capstan.io,2025:implicit");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Schema SCHEMA =
      new Schema() {
        @Override
        public org.snakeyaml.engine.v2.resolver.ScalarResolver getScalarResolver() {
          return (value, implicit) -> Boolean.TRUE.equals(implicit) ? IMPLICIT : Tag.STR;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
          return Map.of();
        }
      };

  private YamlReader() {}

  /** How scalars and repeated keys are treated. */
  public enum Mode {
    /** Kubernetes objects: typed scalars (go-yaml v3), repeated keys and non-string keys fail. */
    RESOURCE,
    /**
     * Kustomization and plugin configuration, read like Go's YAML-to-JSON conversion: YAML 1.1
     * booleans too, and a repeated key replaces the earlier one.
     */
    CONFIG,
    /** JSON patches written in YAML: typed scalars including YAML 1.1 booleans (yes/no/on/off). */
    YAML11
  }

  /** Parses every document of {@code text} as resources; empty documents are null entries. */
  public static List<JsonNode> readAll(String text, String source) {
    return readAll(text, source, Mode.RESOURCE);
  }

  /** Parses every document of {@code text}; empty documents are returned as null entries. */
  public static List<JsonNode> readAll(String text, String source, Mode mode) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(source)
            .setSchema(SCHEMA)
            .setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(10_000)
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    // go-yaml (kustomize's reader) knows double-quoted escapes SnakeYAML Engine refuses (\\L, \\P,
    // backslash-tab, \\'): one pass spells them portably; an escape the pass missed is fixed
    // where the parser stops at it, and every rewrite must lie in a double-quoted scalar the
    // parser found (else the text is read again escape by escape from the original)
    GoYamlEscapes.Prepared input = GoYamlEscapes.prepare(text);
    boolean prepared = true;
    for (int rewrites = 0; ; rewrites++) {
      try {
        List<Node> nodes = new ArrayList<>();
        for (Node n : new Compose(settings).composeAllFromString(input.text())) {
          nodes.add(n);
        }
        List<int[]> quoted = doubleQuotedSpans(nodes);
        if (prepared && !input.confirmedBy(quoted)) {
          prepared = false;
          input = new GoYamlEscapes.Prepared(text, new int[0]);
          continue;
        }
        int slash = GoYamlEscapes.slashEscape(input.text(), quoted);
        if (slash >= 0) {
          // go-yaml has no \/ escape (a YAML 1.2 one): kustomize fails "found unknown escape
          // character"
          throw new KustomizeException(
              "invalid YAML in "
                  + source
                  + position(input.text(), slash + 1)
                  + ": found unknown escape character /(47)");
        }
        List<JsonNode> docs = new ArrayList<>();
        for (Node n : nodes) {
          docs.add(convert(n, source, new IdentityHashMap<>(), mode));
        }
        return docs;
      } catch (MarkedYamlEngineException e) {
        GoYamlEscapes.Prepared portable =
            rewrites < MAX_ESCAPE_REWRITES ? goEscape(input, e) : null;
        if (portable != null) {
          input = portable;
          continue;
        }
        String where = e.getProblemMark().or(e::getContextMark).map(YamlReader::line).orElse("");
        throw new KustomizeException(
            "invalid YAML in " + source + where + ": " + oneLine(e.getProblem()), e);
      } catch (YamlEngineException e) {
        throw new KustomizeException(
            "invalid YAML in " + source + ": " + oneLine(e.getMessage()), e);
      }
    }
  }

  /** How many go-yaml-only escapes the one-pass rewrite may miss (each costs a parse). */
  private static final int MAX_ESCAPE_REWRITES = 1000;

  /**
   * The text with the go-yaml-only escape the parser stopped at spelled portably, or null when the
   * error is another.
   */
  private static GoYamlEscapes.Prepared goEscape(
      GoYamlEscapes.Prepared text, MarkedYamlEngineException e) {
    if (e.getProblem() == null || !e.getProblem().startsWith(GoYamlEscapes.UNKNOWN_ESCAPE)) {
      return null;
    }
    return e.getProblemMark().map(m -> text.portable(m.getIndex())).orElse(null);
  }

  /** The [start, end) code point ranges of the double-quoted scalars (keys too) of the nodes. */
  private static List<int[]> doubleQuotedSpans(List<Node> roots) {
    List<int[]> spans = new ArrayList<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (n == null || seen.put(n, Boolean.TRUE) != null) {
        continue;
      }
      if (n instanceof ScalarNode s) {
        if (s.getScalarStyle() == org.snakeyaml.engine.v2.common.ScalarStyle.DOUBLE_QUOTED
            && s.getStartMark().isPresent()
            && s.getEndMark().isPresent()) {
          spans.add(new int[] {s.getStartMark().get().getIndex(), s.getEndMark().get().getIndex()});
        }
      } else if (n instanceof SequenceNode seq) {
        todo.addAll(seq.getValue());
      } else if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          todo.push(t.getKeyNode());
          todo.push(t.getValueNode());
        }
      }
    }
    return spans;
  }

  /** " (line L, column C)" of code point {@code index} of {@code text}. */
  private static String position(String text, int index) {
    int at = text.offsetByCodePoints(0, Math.min(index, text.codePointCount(0, text.length())));
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < at; k++) {
      if (text.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return " (line " + line + ", column " + (text.codePointCount(lineStart, at) + 1) + ")";
  }

  /** Parses the first document of {@code text} in the given mode; null when there is none. */
  public static JsonNode readOne(String text, String source, Mode mode) {
    for (JsonNode d : readAll(text, source, mode)) {
      if (d != null && !d.isNull()) {
        return d;
      }
    }
    return null;
  }

  /** Parses a single-document YAML text; returns null when the text holds no document. */
  public static JsonNode readOne(String text, String source) {
    return readOne(text, source, Mode.RESOURCE);
  }

  private static String line(Mark m) {
    return " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').trim();
  }

  private static JsonNode convert(Node n, String source, Map<Node, JsonNode> seen, Mode mode) {
    if (n instanceof ScalarNode s) {
      if (s.getTag().equals(IMPLICIT)) {
        return s.isPlain() ? plain(s.getValue(), mode) : TextNode.valueOf(s.getValue());
      }
      return ScalarResolver.resolveTagged(s.getTag().getValue(), s.getValue());
    }
    JsonNode done = seen.get(n);
    if (done != null) {
      return done.deepCopy();
    }
    if (n instanceof SequenceNode seq) {
      ArrayNode a = NODES.arrayNode();
      seen.put(n, a);
      for (Node item : seq.getValue()) {
        a.add(convert(item, source, seen, mode));
      }
      return a;
    }
    MappingNode map = (MappingNode) n;
    ObjectNode o = NODES.objectNode();
    seen.put(n, o);
    Map<String, Integer> lines = new java.util.HashMap<>();
    for (NodeTuple t : map.getValue()) {
      Node k = t.getKeyNode();
      if (k.getTag().equals(Tag.MERGE)
          || (k instanceof ScalarNode ks && ks.isPlain() && "<<".equals(ks.getValue()))) {
        JsonNode merged = convert(t.getValueNode(), source, seen, mode);
        mergeInto(o, merged);
        continue;
      }
      String key = keyText(k, source);
      if (mode != Mode.CONFIG
          && k instanceof ScalarNode ks
          && ks.getTag().equals(IMPLICIT)
          && ks.isPlain()
          && !ScalarResolver.resolvePlain(key).isTextual()) {
        throw new KustomizeException(
            "invalid YAML in "
                + source
                + ": line "
                + (k.getStartMark().map(m -> m.getLine() + 1).orElse(0))
                + ": mapping key "
                + key
                + " is not a string (Kubernetes objects need string keys)");
      }
      int line = k.getStartMark().map(m -> m.getLine() + 1).orElse(0);
      Integer prev = lines.put(key, line);
      if (prev != null && mode != Mode.CONFIG) {
        throw new KustomizeException(
            "invalid YAML in "
                + source
                + ": line "
                + line
                + ": mapping key \""
                + key
                + "\" already defined at line "
                + prev);
      }
      o.set(key, convert(t.getValueNode(), source, seen, mode));
    }
    return o;
  }

  private static JsonNode plain(String text, Mode mode) {
    return ScalarResolver.resolvePlain(text, mode != Mode.RESOURCE);
  }

  private static void mergeInto(ObjectNode target, JsonNode merged) {
    List<JsonNode> sources = new ArrayList<>();
    if (merged.isArray()) {
      merged.forEach(sources::add);
    } else {
      sources.add(merged);
    }
    for (JsonNode src : sources) {
      if (src.isObject()) {
        src.fields()
            .forEachRemaining(
                e -> {
                  if (!target.has(e.getKey())) {
                    target.set(e.getKey(), e.getValue());
                  }
                });
      }
    }
  }

  private static String keyText(Node k, String source) {
    if (k instanceof ScalarNode s) {
      return s.getValue();
    }
    String where = k.getStartMark().map(YamlReader::line).orElse("");
    throw new KustomizeException("invalid YAML in " + source + where + ": non-scalar mapping key");
  }
}

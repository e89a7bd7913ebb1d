package io.capstan.helm.engine;

import io.capstan.goencoding.GoYamlEscapes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads YAML the way Helm does ({@code sigs.k8s.io/yaml}: go-yaml v2 resolution, then JSON): every
 * number becomes a {@link Double} (Go float64), YAML 1.1 booleans ({@code yes}/{@code on}...) are
 * booleans, timestamps stay strings, mapping keys become strings.
 */
public final class GoYaml {
  private GoYaml() {}

  /** A YAML syntax or structure error. */
  public static final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    YamlException(String message) {
      super(message);
    }
  }

  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern BASE60 =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)"
              + "|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]*)?))?$");

  private static final LoadSettings SETTINGS =
      LoadSettings.builder()
          .setAllowDuplicateKeys(true)
          .setSchema(new org.snakeyaml.engine.v2.schema.FailsafeSchema())
          .setCodePointLimit(64 * 1024 * 1024)
          .build();

  /** The first document of {@code text} as Go values (null for an empty document). */
  public static Object parse(String text) throws YamlException {
    try {
      return parseOnce(text);
    } catch (YamlException e) {
      // SnakeYAML rejects an empty block scalar ("key: |-") that ends a nested mapping at the end
      // of the stream when line breaks follow it ("leading empty lines contain more spaces");
      // go-yaml reads "". Trailing whitespace carries no content there, so retry without it.
      String stripped = text.stripTrailing();
      if (stripped.length() == text.length()) {
        throw e;
      }
      return parseOnce(stripped);
    }
  }

  private static Object parseOnce(String text) throws YamlException {
    // go-yaml's Unmarshal reads the first document only (later ones are never parsed)
    return withGoEscapes(
        text, true, docs -> docs.isEmpty() || docs.get(0) == null ? null : convert(docs.get(0)));
  }

  /** All documents of {@code text}. */
  public static List<Object> parseAll(String text) throws YamlException {
    return withGoEscapes(
        text,
        false,
        docs -> {
          List<Object> out = new ArrayList<>();
          for (Node n : docs) {
            out.add(convert(n));
          }
          return out;
        });
  }

  /** The conversion of the composed documents. */
  private interface Convert<T> {
    T apply(List<Node> docs) throws YamlException;
  }

  /** How many go-yaml-only escapes the one-pass rewrite may miss (each costs a parse). */
  private static final int MAX_ESCAPE_REWRITES = 1000;

  /**
   * Composes {@code text} (its first document only with {@code firstOnly}) and converts it. The
   * double-quoted escapes go-yaml reads and SnakeYAML does not ({@code \L}, {@code \P},
   * backslash-tab, {@code \'}) are spelled portably in one pass (go-encoding's {@link
   * GoYamlEscapes#prepare}), confirmed against the double-quoted scalars SnakeYAML found (else the
   * text is read again from the original, one escape at a time where SnakeYAML stops); a {@code
   * \/}, which go-yaml refuses, fails with go-yaml's message.
   */
  private static <T> T withGoEscapes(String text, boolean firstOnly, Convert<T> convert)
      throws YamlException {
    GoYamlEscapes.Prepared input = GoYamlEscapes.prepare(text);
    boolean prepared = true;
    for (int rewrites = 0; ; rewrites++) {
      try {
        List<Node> docs = new ArrayList<>();
        var it = new Compose(SETTINGS).composeAllFromString(input.text()).iterator();
        while (it.hasNext()) {
          docs.add(it.next());
          if (firstOnly) {
            break;
          }
        }
        List<int[]> quoted = doubleQuotedSpans(docs);
        int limit =
            firstOnly && !docs.isEmpty() && docs.get(0) != null
                ? docs.get(0).getEndMark().map(m -> m.getIndex()).orElse(Integer.MAX_VALUE)
                : Integer.MAX_VALUE;
        if (prepared && !input.confirmedBy(quoted, limit)) {
          prepared = false;
          input = new GoYamlEscapes.Prepared(text, new int[0]);
          continue;
        }
        int slash = GoYamlEscapes.slashEscape(input.text(), quoted);
        if (slash >= 0) {
          throw new YamlException(
              "yaml: " + goLine(input.text(), slash) + "found unknown escape character");
        }
        return convert.apply(docs);
      } catch (MarkedYamlEngineException e) {
        GoYamlEscapes.Prepared portable = null;
        if (rewrites < MAX_ESCAPE_REWRITES
            && e.getProblem() != null
            && e.getProblem().startsWith(GoYamlEscapes.UNKNOWN_ESCAPE)) {
          GoYamlEscapes.Prepared current = input;
          portable = e.getProblemMark().map(m -> current.portable(m.getIndex())).orElse(null);
        }
        if (portable == null) {
          throw new YamlException(firstLine(e.getMessage()));
        }
        input = portable;
      } catch (YamlEngineException e) {
        throw new YamlException(firstLine(e.getMessage()));
      }
    }
  }

  /**
   * go-yaml's "line N: " for a scanner error at code point {@code index}: the 1-based line, left
   * out on the first line (go-yaml prints a line only when its 0-based mark is not 0).
   */
  private static String goLine(String text, int index) {
    int at = text.offsetByCodePoints(0, index);
    int line = 0;
    for (int k = 0; k < at; k++) {
      if (text.charAt(k) == '\n') {
        line++;
      }
    }
    return line == 0 ? "" : "line " + (line + 1) + ": ";
  }

  /** The [start, end) code point ranges of the double-quoted scalars (keys too) of the nodes. */
  private static List<int[]> doubleQuotedSpans(List<Node> roots) {
    List<int[]> spans = new ArrayList<>();
    Map<Node, Boolean> seen = new java.util.IdentityHashMap<>();
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
    for (Node r : roots) {
      if (r != null) {
        todo.push(r);
      }
    }
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (seen.put(n, Boolean.TRUE) != null) {
        continue;
      }
      if (n instanceof ScalarNode s) {
        if (s.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED
            && s.getStartMark().isPresent()
            && s.getEndMark().isPresent()) {
          spans.add(new int[] {s.getStartMark().get().getIndex(), s.getEndMark().get().getIndex()});
        }
      } else if (n instanceof SequenceNode seq) {
        seq.getValue().forEach(todo::push);
      } else if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          todo.push(t.getKeyNode());
          todo.push(t.getValueNode());
        }
      }
    }
    return spans;
  }

  /**
   * The first document as a map ({@code yaml.Unmarshal} into {@code map[string]interface{}}): empty
   * → empty map, a non-map document → error.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseMap(String text) throws YamlException {
    Object o = parse(text);
    if (o == null) {
      return new LinkedHashMap<>();
    }
    if (!(o instanceof Map)) {
      throw new YamlException(
          "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
              + jsonKind(o)
              + " into Go value of type map[string]interface {}");
    }
    return (Map<String, Object>) o;
  }

  static String jsonKind(Object o) {
    if (o instanceof List) {
      return "array";
    }
    if (o instanceof String) {
      return "string";
    }
    if (o instanceof Boolean) {
      return "bool";
    }
    if (o instanceof Number) {
      return "number";
    }
    return "object";
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "yaml: invalid document";
    }
    return "yaml: " + m.strip().replace('\n', ' ');
  }

  private static Object convert(Node node) throws YamlException {
    return convert(node, 0);
  }

  private static Object convert(Node node, int depth) throws YamlException {
    if (depth > 10000) {
      throw new YamlException("yaml: exceeded max depth");
    }
    if (node instanceof ScalarNode s) {
      return scalar(s);
    }
    if (node instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>(seq.getValue().size());
      for (Node n : seq.getValue()) {
        out.add(convert(n, depth + 1));
      }
      return out;
    }
    MappingNode map = (MappingNode) node;
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> merged = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      Node k = t.getKeyNode();
      if (k instanceof ScalarNode ks
          && ks.getScalarStyle() == ScalarStyle.PLAIN
          && "<<".equals(ks.getValue())) {
        Node v = t.getValueNode();
        List<Node> sources = v instanceof SequenceNode sn ? sn.getValue() : List.of(v);
        for (Node src : sources) {
          Object o = convert(src, depth + 1);
          if (!(o instanceof Map)) {
            throw new YamlException(
                "yaml: map merge requires map or sequence of maps as the value");
          }
          for (var e : ((Map<?, ?>) o).entrySet()) {
            merged.putIfAbsent((String) e.getKey(), e.getValue());
          }
        }
        continue;
      }
      Object key = convert(k, depth + 1);
      out.put(keyString(key), convert(t.getValueNode(), depth + 1));
    }
    for (var e : merged.entrySet()) {
      out.putIfAbsent(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String keyString(Object key) throws YamlException {
    if (key == null) {
      return "null";
    }
    if (key instanceof String s) {
      return s;
    }
    if (key instanceof Boolean || key instanceof Long) {
      return key.toString();
    }
    if (key instanceof Double d) {
      return GoFormat.formatFloat(d, 'g', -1);
    }
    throw new YamlException(
        "error converting YAML to JSON: yaml: invalid map key: " + GoFormat.toJsonish(key));
  }

  private static Object scalar(ScalarNode s) throws YamlException {
    String v = s.getValue();
    String tag = s.getTag().getValue();
    boolean plain = s.getScalarStyle() == ScalarStyle.PLAIN;
    String prefix = "tag:yaml.org,2002:";
    String t = tag.startsWith(prefix) ? tag.substring(prefix.length()) : "";
    switch (t) {
      case "str":
        return plain ? resolvePlain(v) : v;
      case "binary":
        return new String(
            Base64.getMimeDecoder().decode(v), java.nio.charset.StandardCharsets.UTF_8);
      case "int", "float":
        {
          Object r = resolvePlain(v);
          if (r instanceof Double) {
            return r;
          }
          throw new YamlException("yaml: cannot decode !!" + t + " `" + v + "` as a number");
        }
      case "bool":
        {
          Object b = resolvePlain(v);
          if (b instanceof Boolean) {
            return b;
          }
          throw new YamlException("yaml: cannot decode !!bool `" + v + "`");
        }
      case "null":
        return null;
      default:
        return plain ? resolvePlain(v) : v;
    }
  }

  /** go-yaml v2's resolution of a plain scalar, then JSON's number model (all float64). */
  static Object resolvePlain(String v) {
    Object r = resolve(v);
    if (r instanceof Long l) {
      return l.doubleValue();
    }
    if (r instanceof java.math.BigInteger b) {
      return b.doubleValue();
    }
    return r;
  }

  /**
   * go-yaml v2 {@code resolve}: returns null (YAML null), Boolean, Long, BigInteger (uint64),
   * Double, or the String itself when it resolves to {@code !!str}. Timestamps are strings.
   */
  static Object resolve(String v) {
    switch (v) {
      case "", "~", "null", "Null", "NULL":
        return null;
      case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE":
        return Boolean.TRUE;
      case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE":
        return Boolean.FALSE;
      case ".nan", ".NaN", ".NAN":
        return Double.NaN;
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return Double.POSITIVE_INFINITY;
      case "-.inf", "-.Inf", "-.INF":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    char c = v.charAt(0);
    if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
      String plain = v.replace("_", "");
      Object n = parseGoInt(plain);
      if (n != null) {
        return n;
      }
      if (FLOAT.matcher(plain).matches()) {
        try {
          double d = Double.parseDouble(plain);
          // strconv.ParseFloat fails with a range error beyond float64 ("1e400"): a string
          return Double.isInfinite(d) ? v : d;
        } catch (NumberFormatException e) {
          return v;
        }
      }
    }
    return v;
  }

  /** Whether go-yaml v2 would read {@code v} back as something other than the same string. */
  static boolean needsQuoting(String v) {
    Object r = resolve(v);
    if (!(r instanceof String)) {
      return true;
    }
    if (isTimestamp(v)) {
      return true;
    }
    return BASE60.matcher(v).matches();
  }

  static boolean isTimestamp(String v) {
    return v.length() >= 8 && Character.isDigit(v.charAt(0)) && TIMESTAMP.matcher(v).matches();
  }

  /** strconv.ParseInt(s, 0, 64) then ParseUint: Long, BigInteger or null. */
  static Object parseGoInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean neg = false;
    String body = s;
    if (body.charAt(0) == '+' || body.charAt(0) == '-') {
      neg = body.charAt(0) == '-';
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x') {
        radix = 16;
        body = body.substring(2);
      } else if (p == 'b') {
        radix = 2;
        body = body.substring(2);
      } else if (p == 'o') {
        radix = 8;
        body = body.substring(2);
      } else {
        radix = 8;
        body = body.substring(1);
      }
      if (body.isEmpty()) {
        return null;
      }
    }
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), radix) < 0) {
        return null;
      }
    }
    java.math.BigInteger b = new java.math.BigInteger(body, radix);
    if (neg) {
      b = b.negate();
    }
    if (b.bitLength() < 64) {
      return b.longValue();
    }
    if (!neg && b.bitLength() <= 64) {
      return b;
    }
    return null;
  }
}

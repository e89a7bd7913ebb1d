package io.capstan.goencoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes JSON text byte for byte as Go's {@code encoding/json} does ({@code json.Marshal}, {@code
 * json.MarshalIndent}, a {@code json.Encoder}), either value by value ({@link #value}) or field by
 * field ({@link #beginObject}, {@link #key}, ...) for callers that write a Go struct: its fields in
 * declaration order, {@code omitempty} decided by the caller.
 *
 * <p>What Go does and this writer does too:
 *
 * <ul>
 *   <li>strings: {@code \"}, {@code \\}, {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code
 *       \t}, other control characters as {@code \\u00XX}, U+2028/U+2029 always escaped, {@code <},
 *       {@code >}, {@code &} escaped unless HTML escaping is off ({@code SetEscapeHTML(false)}),
 *       invalid UTF-16 (a lone surrogate, Go's invalid UTF-8) as {@code \\ufffd};
 *   <li>numbers: integers as they are, floats with Go's shortest digits ({@link GoFloats#json});
 *   <li>a {@link Map} is a Go map: keys sorted by their UTF-8 bytes; a {@link Collection} or array
 *       is a slice; {@code byte[]} is base64; {@code null} is {@code null};
 *   <li>a Jackson {@code JsonNode} (when jackson-databind is on the class path) is written in its
 *       own field order, as a Go struct, or as a map ({@link #treesAsMaps}): see {@link
 *       GoJsonTrees};
 *   <li>indentation as {@code json.MarshalIndent}: a new line, the prefix and one indent per level
 *       before each element, {@code ": "} after keys, empty objects and arrays as {@code {}} and
 *       {@code []}; the first line carries no prefix.
 * </ul>
 *
 * <p>Values of other types go to the {@link #adapter} (a caller's own value types, Go's {@code
 * json.Marshaler}); without one they fail with {@link GoJson.UnsupportedValueException}.
 */
public final class GoJsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Whether jackson-databind is on the class path (an optional dependency); {@link GoJsonTrees},
   * which needs it, is not touched otherwise.
   */
  private static final boolean JACKSON = jacksonPresent();

  private static boolean jacksonPresent() {
    try {
      Class.forName(
          "com.fasterxml.jackson.databind.JsonNode", false, GoJsonWriter.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static final int MAX_DEPTH = 1000;

  private final StringBuilder out;
  private final int baseDepth;
  private boolean escapeHtml = true;
  private String prefix;
  private String indent;
  private Function<Object, Object> adapter;
  private boolean treesAsMaps;

  /** Per open container: whether it is an object, and how many elements it has so far. */
  private final List<int[]> open = new ArrayList<>();

  private boolean afterKey;

  /** A writer appending to {@code out}, compact, HTML escaping on. */
  public GoJsonWriter(StringBuilder out) {
    this(out, 0);
  }

  /**
   * A writer whose first value stands at indentation level {@code depth}, for text that is later
   * placed inside other indented output ({@link #raw}).
   */
  public GoJsonWriter(StringBuilder out, int depth) {
    this.out = out;
    this.baseDepth = depth;
  }

  /** HTML escaping of {@code <}, {@code >}, {@code &} (Go's default; off: SetEscapeHTML(false)). */
  public GoJsonWriter escapeHtml(boolean on) {
    this.escapeHtml = on;
    return this;
  }

  /** Indentation as {@code json.MarshalIndent(v, prefix, indent)}. */
  public GoJsonWriter indent(String prefix, String indent) {
    this.prefix = prefix;
    this.indent = indent;
    return this;
  }

  /**
   * Write a Jackson object node as a Go map (keys sorted) rather than as a struct (node order): for
   * trees read from YAML or JSON into Go maps whose numbers stay as read (integers as integers).
   */
  public GoJsonWriter treesAsMaps(boolean on) {
    this.treesAsMaps = on;
    return this;
  }

  boolean treesAsMaps() {
    return treesAsMaps;
  }

  /**
   * What to do with a value of a type this writer does not know: return a value it knows (a map for
   * a struct, null, ...), or throw.
   */
  public GoJsonWriter adapter(Function<Object, Object> adapter) {
    this.adapter = adapter;
    return this;
  }

  /** The text written so far (the builder given). */
  public StringBuilder out() {
    return out;
  }

  /** Opens an object (a value in the current container). */
  public GoJsonWriter beginObject() {
    nest();
    beforeValue();
    out.append('{');
    open.add(new int[] {1, 0});
    return this;
  }

  /** Closes the current object. */
  public GoJsonWriter endObject() {
    return close(true, '}');
  }

  /** Opens an array (a value in the current container). */
  public GoJsonWriter beginArray() {
    nest();
    beforeValue();
    out.append('[');
    open.add(new int[] {0, 0});
    return this;
  }

  /** Closes the current array. */
  public GoJsonWriter endArray() {
    return close(false, ']');
  }

  /** The next field's name in the current object; its value follows. */
  public GoJsonWriter key(String name) {
    int[] top = top();
    if (top == null || top[0] != 1 || afterKey) {
      throw new IllegalStateException("a key belongs in an object, before its value");
    }
    separate(top);
    string(name);
    out.append(indent == null ? ":" : ": ");
    afterKey = true;
    return this;
  }

  /** A field: {@link #key} then {@link #value}. */
  public GoJsonWriter field(String name, Object value) {
    return key(name).value(value);
  }

  /** Text that already is Go's JSON for one value (written at this writer's level), as is. */
  public GoJsonWriter raw(String json) {
    beforeValue();
    out.append(json);
    return this;
  }

  /** Any value, as {@code json.Marshal} writes it (see the class comment for the types). */
  public GoJsonWriter value(Object v) {
    if (v == null) {
      beforeValue();
      out.append("null");
    } else if (v instanceof String s) {
      beforeValue();
      string(s);
    } else if (v instanceof Boolean b) {
      beforeValue();
      out.append(b.booleanValue());
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger) {
      beforeValue();
      out.append(v);
    } else if (v instanceof Float f) {
      String text = GoFloats.json(f, 32);
      beforeValue();
      out.append(text);
    } else if (v instanceof Double || v instanceof BigDecimal) {
      String text = GoFloats.json(((Number) v).doubleValue(), 64);
      beforeValue();
      out.append(text);
    } else if (v instanceof byte[] bytes) {
      beforeValue();
      out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    } else if (v instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      entries.sort(
          (a, b) -> GoJson.compareUtf8(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
      beginObject();
      for (Map.Entry<?, ?> e : entries) {
        key(String.valueOf(e.getKey())).value(e.getValue());
      }
      endObject();
    } else if (v instanceof Collection<?> list) {
      beginArray();
      for (Object e : list) {
        value(e);
      }
      endArray();
    } else if (v instanceof Object[] array) {
      beginArray();
      for (Object e : array) {
        value(e);
      }
      endArray();
    } else if (JACKSON && GoJsonTrees.isTree(v)) {
      GoJsonTrees.write(this, v);
    } else if (adapter != null) {
      Object adapted = adapter.apply(v);
      if (adapted != null && adapted.getClass() == v.getClass()) {
        throw unsupported(v);
      }
      value(adapted);
    } else {
      throw unsupported(v);
    }
    return this;
  }

  /** A float with {@code bitSize} 32 or 64, as Go writes a {@code float32} or {@code float64}. */
  public GoJsonWriter number(double v, int bitSize) {
    String text = GoFloats.json(v, bitSize);
    beforeValue();
    out.append(text);
    return this;
  }

  private static GoJson.UnsupportedValueException unsupported(Object v) {
    return new GoJson.UnsupportedValueException(
        "json: unsupported type: " + v.getClass().getName());
  }

  /**
   * Go follows pointers up to 1000 levels before it checks for a cycle; a Java graph has no such
   * check, so nesting deeper than that is taken for a cycle and refused with Go's error.
   */
  private void nest() {
    if (open.size() >= MAX_DEPTH) {
      throw new GoJson.UnsupportedValueException("json: unsupported value: encountered a cycle");
    }
  }

  private GoJsonWriter close(boolean object, char bracket) {
    int[] top = top();
    if (top == null || (top[0] == 1) != object || afterKey) {
      throw new IllegalStateException("no open " + (object ? "object" : "array") + " to close");
    }
    open.remove(open.size() - 1);
    if (top[1] > 0) {
      newline();
    }
    out.append(bracket);
    return this;
  }

  private int[] top() {
    return open.isEmpty() ? null : open.get(open.size() - 1);
  }

  private void beforeValue() {
    int[] top = top();
    if (top == null) {
      return;
    }
    if (top[0] == 1) {
      if (!afterKey) {
        throw new IllegalStateException("a value in an object needs its key first");
      }
      afterKey = false;
      return;
    }
    separate(top);
  }

  private void separate(int[] container) {
    if (container[1]++ > 0) {
      out.append(',');
    }
    newline();
  }

  /** A new line at the current level (a no-op when compact). */
  private void newline() {
    if (indent == null) {
      return;
    }
    out.append('\n').append(prefix);
    for (int i = baseDepth + open.size(); i > 0; i--) {
      out.append(indent);
    }
  }

  /** {@code s} as a JSON string with Go's escapes. */
  public GoJsonWriter string(String s) {
    quote(out, s, escapeHtml);
    return this;
  }

  /** Go's {@code encodeState.string}: {@code s} quoted into {@code sb}. */
  static void quote(StringBuilder sb, String s, boolean escapeHtml) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\u2028', '\u2029' -> unicode(sb, c);
        case '<', '>', '&' -> {
          if (escapeHtml) {
            unicode(sb, c);
          } else {
            sb.append(c);
          }
        }
        default -> {
          if (c < 0x20) {
            unicode(sb, c);
          } else if (!Character.isSurrogate(c)) {
            sb.append(c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else {
            sb.append("\\ufffd");
          }
        }
      }
    }
    sb.append('"');
  }

  private static void unicode(StringBuilder sb, char c) {
    sb.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}

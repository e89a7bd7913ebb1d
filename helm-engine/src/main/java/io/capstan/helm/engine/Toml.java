package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helm's {@code toToml}: the output of BurntSushi/toml v1.6's {@code Encoder} for template values
 * (two-space indentation per table level, a blank line before each top-level table and each array
 * of tables, keys sorted bytewise with plain values before tables, bare keys when possible, floats
 * with a decimal point, {@code [[arrays.of.tables]]} for lists of maps, inline tables inside mixed
 * arrays). Decoding ({@code fromToml}) is {@link TomlReader}.
 */
final class Toml {
  /** BurntSushi's {@code errArrayNilElement}. */
  static final String NIL_ELEMENT = "toml: cannot encode array with nil element";

  /** BurntSushi's {@code errNoKey}. */
  static final String NO_KEY = "toml: top-level values must be Go maps or structs";

  /** An encoding error with BurntSushi's message. */
  static final class EncodeException extends Exception {
    EncodeException(String message) {
      super(message);
    }
  }

  private final StringBuilder out = new StringBuilder();

  private Toml() {}

  /** {@code toml.NewEncoder(w).Encode(v)}. */
  static String encode(Object v) throws Exception {
    if (v == null) {
      // BurntSushi panics on an untyped nil; text/template reports the panic
      throw new Exception("reflect: call of reflect.Value.Type on zero Value");
    }
    Toml t = new Toml();
    t.encode(List.of(), plain(v));
    return t.out.toString();
  }

  private static Object plain(Object v) {
    if (v instanceof io.capstan.gotemplate.GoTime) {
      return v; // a TOML date-time, not its JSON string
    }
    v = GoFormat.plain(v);
    if (v instanceof byte[] b) {
      List<Object> l = new ArrayList<>(b.length);
      for (byte x : b) {
        l.add((long) (x & 0xFF));
      }
      return l;
    }
    return v;
  }

  private enum Kind {
    SCALAR,
    ARRAY,
    TABLE,
    ARRAY_OF_TABLES
  }

  private static Kind kind(Object v) throws EncodeException {
    v = plain(v);
    if (v instanceof Map) {
      return Kind.TABLE;
    }
    if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        return Kind.ARRAY;
      }
      boolean tables = true;
      for (Object o : l) {
        if (o == null) {
          throw new EncodeException(NIL_ELEMENT);
        }
        if (kind(o) != Kind.TABLE) {
          tables = false;
        }
      }
      return tables ? Kind.ARRAY_OF_TABLES : Kind.ARRAY;
    }
    return Kind.SCALAR;
  }

  private void encode(List<String> key, Object v) throws EncodeException {
    if (v == null) {
      return;
    }
    switch (kind(v)) {
      case TABLE -> table(key, (Map<?, ?>) v);
      case ARRAY_OF_TABLES -> arrayOfTables(key, (List<?>) v);
      default -> keyValue(key, v, false);
    }
  }

  private void table(List<String> key, Map<?, ?> m) throws EncodeException {
    if (key.size() == 1) {
      newline();
    }
    if (!key.isEmpty()) {
      out.append(indent(key)).append('[').append(keyString(key)).append(']');
      newline();
    }
    map(key, m, false);
  }

  private void arrayOfTables(List<String> key, List<?> l) throws EncodeException {
    if (key.isEmpty()) {
      throw new EncodeException(NO_KEY);
    }
    for (Object o : l) {
      newline();
      out.append(indent(key)).append("[[").append(keyString(key)).append("]]");
      newline();
      map(key, (Map<?, ?>) plain(o), false);
    }
  }

  private void map(List<String> key, Map<?, ?> m, boolean inline) throws EncodeException {
    List<String> direct = new ArrayList<>();
    List<String> sub = new ArrayList<>();
    for (var e : m.entrySet()) {
      Object val = plain(e.getValue());
      Kind k = val == null ? Kind.SCALAR : kind(val);
      (k == Kind.TABLE || k == Kind.ARRAY_OF_TABLES ? sub : direct).add(String.valueOf(e.getKey()));
    }
    if (inline) {
      out.append('{');
    }
    writeKeys(key, m, direct, inline, !sub.isEmpty());
    writeKeys(key, m, sub, inline, false);
    if (inline) {
      out.append('}');
    }
  }

  private void writeKeys(
      List<String> key, Map<?, ?> m, List<String> keys, boolean inline, boolean trailingComma)
      throws EncodeException {
    keys.sort(GoFormat::compareBytes);
    for (int i = 0; i < keys.size(); i++) {
      Object val = plain(m.get(keys.get(i)));
      if (val == null) {
        continue;
      }
      if (inline) {
        keyValue(List.of(keys.get(i)), val, true);
        if (trailingComma || i != keys.size() - 1) {
          out.append(", ");
        }
      } else {
        List<String> child = new ArrayList<>(key);
        child.add(keys.get(i));
        encode(child, val);
      }
    }
  }

  private void keyValue(List<String> key, Object v, boolean inline) throws EncodeException {
    if (key.isEmpty()) {
      element(v);
      return;
    }
    out.append(indent(key)).append(bareOrQuoted(key.get(key.size() - 1))).append(" = ");
    element(v);
    if (!inline) {
      newline();
    }
  }

  private void element(Object v) throws EncodeException {
    v = plain(v);
    if (v instanceof String s) {
      quoted(s);
    } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      out.append(v);
    } else if (v instanceof java.math.BigInteger b) {
      out.append(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        out.append("nan");
      } else if (Double.isInfinite(d)) {
        out.append(d < 0 ? "-inf" : "inf");
      } else {
        String f = GoFormat.formatFloat(d, 'g', -1);
        out.append(f);
        if (f.indexOf('e') < 0 && f.indexOf('.') < 0) {
          out.append(".0");
        }
      }
    } else if (v instanceof List<?> l) {
      kind(l); // nil elements are an error, as in BurntSushi
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        element(l.get(i));
        if (i != l.size() - 1) {
          out.append(", ");
        }
      }
      out.append(']');
    } else if (v instanceof Map<?, ?> m) {
      map(null, m, true);
    } else if (v instanceof io.capstan.gotemplate.GoTime t) {
      String layout =
          switch (t.zoneName() == null ? "" : t.zoneName()) {
            case TomlReader.LOCAL_DATETIME -> "2006-01-02T15:04:05.999999999";
            case TomlReader.LOCAL_DATE -> "2006-01-02";
            case TomlReader.LOCAL_TIME -> "15:04:05.999999999";
            default -> GoFormat.RFC3339_NANO;
          };
      out.append(t.format(layout));
    } else if (v == null) {
      throw new EncodeException(NIL_ELEMENT);
    } else {
      quoted(v.toString());
    }
  }

  private void newline() {
    if (!out.isEmpty()) {
      out.append('\n');
    }
  }

  private static String indent(List<String> key) {
    return "  ".repeat(Math.max(0, key.size() - 1));
  }

  private static String keyString(List<String> key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(bareOrQuoted(key.get(i)));
    }
    return sb.toString();
  }

  private static String bareOrQuoted(String k) {
    if (k.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        StringBuilder sb = new StringBuilder("\"");
        escape(sb, k);
        return sb.append('"').toString();
      }
    }
    return k;
  }

  private void quoted(String s) {
    out.append('"');
    escape(out, s);
    out.append('"');
  }

  /** BurntSushi's {@code dblQuotedReplacer}. */
  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\f' -> sb.append("\\f");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
  }
}

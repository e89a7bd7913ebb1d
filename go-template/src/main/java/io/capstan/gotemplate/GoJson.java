package io.capstan.gotemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's encoding/json over template values: {@link #marshal} as json.Marshal (sorted keys, HTML
 * escaping, Go float formatting), {@link #marshalIndent}, and {@link #unmarshal} into maps, lists,
 * strings, float64 numbers, booleans and nil.
 */
public final class GoJson {
  private GoJson() {}

  /** json.Marshal (escapeHtml=true) or an Encoder with SetEscapeHTML(false). */
  public static String marshal(Object v, boolean escapeHtml) throws Exception {
    StringBuilder sb = new StringBuilder();
    encode(sb, v, escapeHtml, null, "", 0);
    return sb.toString();
  }

  /** json.MarshalIndent(v, prefix, indent). */
  public static String marshalIndent(Object v, String prefix, String indent, boolean escapeHtml)
      throws Exception {
    StringBuilder sb = new StringBuilder();
    encode(sb, v, escapeHtml, indent, prefix, 0);
    return sb.toString();
  }

  private static void newline(StringBuilder sb, String indent, String prefix, int depth) {
    sb.append('\n').append(prefix);
    for (int i = 0; i < depth; i++) {
      sb.append(indent);
    }
  }

  private static void encode(
      StringBuilder sb, Object v, boolean html, String indent, String prefix, int depth)
      throws Exception {
    if (v == null || v == GoValues.NO_VALUE) {
      sb.append("null");
    } else if (v instanceof String) {
      string(sb, (String) v, html);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (GoValues.isInt(v)) {
      sb.append(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      sb.append(floatString(((Number) v).doubleValue(), v instanceof Float ? 32 : 64));
    } else if (v instanceof byte[]) {
      sb.append('"').append(java.util.Base64.getEncoder().encodeToString((byte[]) v)).append('"');
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      List<Map.Entry<?, ?>> es = new ArrayList<>();
      for (Map.Entry<?, ?> e : GoFmt.sorted(m)) {
        es.add(e);
      }
      es.sort(
          (x, y) ->
              SprigStrings.compareBytes(String.valueOf(x.getKey()), String.valueOf(y.getKey())));
      for (Map.Entry<?, ?> e : es) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        if (indent != null) {
          newline(sb, indent, prefix, depth + 1);
        }
        string(sb, String.valueOf(e.getKey()), html);
        sb.append(':');
        if (indent != null) {
          sb.append(' ');
        }
        encode(sb, e.getValue(), html, indent, prefix, depth + 1);
      }
      if (indent != null) {
        newline(sb, indent, prefix, depth);
      }
      sb.append('}');
    } else if (v instanceof List) {
      List<?> l = (List<?>) v;
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        if (indent != null) {
          newline(sb, indent, prefix, depth + 1);
        }
        encode(sb, l.get(i), html, indent, prefix, depth + 1);
      }
      if (indent != null) {
        newline(sb, indent, prefix, depth);
      }
      sb.append(']');
    } else if (v instanceof GoObject) {
      sb.append("{}");
    } else {
      throw new Exception("json: unsupported type: " + GoValues.typeName(v));
    }
  }

  /** encoding/json float formatting. */
  static String floatString(double f, int bits) throws Exception {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new Exception("json: unsupported value: " + GoFmt.formatFloat(f, 'g', -1, bits));
    }
    double abs = Math.abs(f);
    char fmt = 'f';
    if (abs != 0) {
      if (bits == 64 && (abs < 1e-6 || abs >= 1e21)
          || bits == 32 && ((float) abs < 1e-6f || (float) abs >= 1e21f)) {
        fmt = 'e';
      }
    }
    String s = GoFmt.formatFloat(f, fmt, -1, bits);
    if (fmt == 'e') {
      int n = s.length();
      if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
        s = s.substring(0, n - 2) + s.charAt(n - 1);
      }
    }
    return s;
  }

  private static final String HEX = "0123456789abcdef";

  static void string(StringBuilder sb, String s, boolean html) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20
          && c != '"'
          && c != '\\'
          && (!html || (c != '<' && c != '>' && c != '&'))
          && c != '\u2028'
          && c != '\u2029') {
        if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else {
            sb.append("\\ufffd");
          }
          continue;
        }
        sb.append(c);
        continue;
      }
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        default:
          sb.append("\\u")
              .append(HEX.charAt(c >> 12 & 15))
              .append(HEX.charAt(c >> 8 & 15))
              .append(HEX.charAt(c >> 4 & 15))
              .append(HEX.charAt(c & 15));
      }
    }
    sb.append('"');
  }

  /** json.Unmarshal into interface{}: objects, arrays, strings, float64, bool, nil. */
  public static Object unmarshal(String s) throws Exception {
    Reader r = new Reader(s);
    r.ws();
    Object v = r.value();
    r.ws();
    if (r.i < s.length()) {
      throw new Exception(
          "invalid character " + quoteChar(s.charAt(r.i)) + " after top-level value");
    }
    return v;
  }

  static String quoteChar(char c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    StringBuilder sb = new StringBuilder("'");
    GoStrings.appendEscaped(sb, c, '\'', false);
    return sb.append('\'').toString();
  }

  private static final class Reader {
    final String s;
    int i;

    Reader(String s) {
      this.s = s;
    }

    void ws() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          i++;
        } else {
          break;
        }
      }
    }

    Exception err(String ctx) {
      if (i >= s.length()) {
        return new Exception("unexpected end of JSON input");
      }
      return new Exception("invalid character " + quoteChar(s.charAt(i)) + " " + ctx);
    }

    Object value() throws Exception {
      if (i >= s.length()) {
        throw new Exception("unexpected end of JSON input");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          {
            i++;
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (i < s.length() && s.charAt(i) == '}') {
              i++;
              return m;
            }
            while (true) {
              ws();
              if (i >= s.length() || s.charAt(i) != '"') {
                throw err("looking for beginning of object key string");
              }
              String k = str();
              ws();
              if (i >= s.length() || s.charAt(i) != ':') {
                throw err("after object key");
              }
              i++;
              ws();
              m.put(k, value());
              ws();
              if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
              }
              if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return m;
              }
              throw err("after object key:value pair");
            }
          }
        case '[':
          {
            i++;
            List<Object> l = new ArrayList<>();
            ws();
            if (i < s.length() && s.charAt(i) == ']') {
              i++;
              return l;
            }
            while (true) {
              ws();
              l.add(value());
              ws();
              if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
              }
              if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return l;
              }
              throw err("after array element");
            }
          }
        case '"':
          return str();
        case 't':
          return lit("true", Boolean.TRUE);
        case 'f':
          return lit("false", Boolean.FALSE);
        case 'n':
          return lit("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            int st = i;
            if (c == '-') {
              i++;
            }
            while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
              i++;
            }
            String num = s.substring(st, i);
            try {
              return Double.parseDouble(num);
            } catch (NumberFormatException e) {
              throw new Exception("invalid character in numeric literal");
            }
          }
          throw err("looking for beginning of value");
      }
    }

    Object lit(String word, Object v) throws Exception {
      if (s.startsWith(word, i)) {
        i += word.length();
        return v;
      }
      int k = i;
      while (k < s.length() && k - i < word.length() && s.charAt(k) == word.charAt(k - i)) {
        k++;
      }
      i = k;
      throw err("in literal " + word + " (expecting " + quoteChar(word.charAt(k - (k - i))) + ")");
    }

    String str() throws Exception {
      i++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new Exception("unexpected end of JSON input");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          i--;
          throw err("in string literal");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw new Exception("unexpected end of JSON input");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append(e);
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            if (i + 4 > s.length()) {
              throw new Exception("unexpected end of JSON input");
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default:
            i--;
            throw err("in string escape code");
        }
      }
    }
  }
}

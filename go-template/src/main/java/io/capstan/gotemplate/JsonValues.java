package io.capstan.gotemplate;

import io.capstan.goencoding.GoJson;
import io.capstan.goencoding.GoJsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Template values to and from JSON as Sprig does it with Go's encoding/json: {@link #marshal} as
 * json.Marshal (or an Encoder with SetEscapeHTML(false)), {@link #marshalIndent}, both written by
 * go-encoding's {@link GoJsonWriter} with the template's own values adapted (the missing value is
 * null, a Go object with no exported fields is {@code {}}); and {@link #unmarshal} into maps,
 * lists, strings, float64 numbers, booleans and nil.
 */
public final class JsonValues {
  private JsonValues() {}

  /** json.Marshal (escapeHtml=true) or an Encoder with SetEscapeHTML(false). */
  public static String marshal(Object v, boolean escapeHtml) {
    return writer(new StringBuilder(), escapeHtml).value(v).out().toString();
  }

  /** json.MarshalIndent(v, prefix, indent). */
  public static String marshalIndent(Object v, String prefix, String indent, boolean escapeHtml) {
    return writer(new StringBuilder(), escapeHtml).indent(prefix, indent).value(v).out().toString();
  }

  private static GoJsonWriter writer(StringBuilder out, boolean escapeHtml) {
    return new GoJsonWriter(out).escapeHtml(escapeHtml).adapter(JsonValues::adapt);
  }

  /** The template's own value types as encoding/json sees them. */
  private static Object adapt(Object v) {
    if (v == GoValues.NO_VALUE) {
      return null;
    }
    if (v instanceof GoObject) {
      return Map.of();
    }
    throw new GoJson.UnsupportedValueException("json: unsupported type: " + GoValues.typeName(v));
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

package io.capstan.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Go's {@code encoding/json} writes it: no spaces, object fields in the order
 * given, HTML characters escaped ({@code \u003c}, {@code \u003e}, {@code \u0026}), {@code
 * \u2028}/{@code \u2029} escaped, other control characters as Go escapes them, numbers as Go
 * formats a {@code float64}/{@code int}. Maps that Go sorts are sorted by the caller ({@link
 * #sorted}).
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /**
   * {@code node} as Go's {@code json.Encoder} writes it (objects in their node order, HTML escaping
   * on), with the encoder's trailing newline.
   */
  public static String encode(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.append('\n').toString();
  }

  /** {@code node} as Go writes it, objects in their node order. */
  static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      out.append('{');
      boolean first = true;
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.asText(), out);
    } else if (node.isBoolean()) {
      out.append(node.asBoolean());
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      out.append(float64(node.doubleValue()));
    } else {
      string(node.asText(), out);
    }
  }

  /** A copy of {@code node} with the fields of every object sorted, as Go writes maps. */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      var copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      for (String n : names) {
        copy.set(n, sorted(node.get(n)));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> copy.add(sorted(e)));
      return copy;
    }
    return node;
  }

  /** Go's {@code encodeState.string} with HTML escaping (Go 1.22+: {@code \b}, {@code \f}). */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            unicode(c, out);
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append("\\ufffd");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicode(char c, StringBuilder out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  /**
   * Go's {@code float64} encoding: shortest digits, {@code 'f'} format within [1e-6, 1e21), else
   * {@code 'e'} ({@code 1e+21}, {@code 1e-7}).
   */
  static String float64(double d) {
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return bd.toPlainString();
    }
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    StringBuilder b = new StringBuilder();
    if (d < 0) {
      b.append('-');
    }
    b.append(digits.charAt(0));
    if (digits.length() > 1) {
      b.append('.').append(digits, 1, digits.length());
    }
    // strconv's 'e' format, with encoding/json's clean-up of "e-07" to "e-7"; positive exponents
    // here are at least 21, so never padded.
    return b.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp)).toString();
  }
}

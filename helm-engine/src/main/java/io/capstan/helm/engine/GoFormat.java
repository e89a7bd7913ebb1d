package io.capstan.helm.engine;

import io.capstan.gotemplate.GoObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Go's number formatting ({@code strconv.FormatFloat}) and {@code encoding/json} marshalling. */
public final class GoFormat {
  private GoFormat() {}

  /**
   * {@code strconv.FormatFloat(d, fmt, -1, 64)} for fmt 'g', 'e' or 'f' (shortest representation
   * that reads back to the same double).
   */
  public static String formatFloat(double d, char fmt, int prec) {
    String digits = Double.toString(Math.abs(d));
    if (digits.length() >= 18 && !Double.isNaN(d) && !Double.isInfinite(d)) {
      // JDK 17's Double.toString can give one digit more than the shortest form (5e+22 reads
      // 4.9999999999999996E22); Go's strconv always gives the shortest
      digits = io.capstan.gotemplate.GoFmt.formatFloat(Math.abs(d), 'e', -1, 64);
    }
    return format(d, digits, fmt);
  }

  /** {@code strconv.FormatFloat(float64(f), 'g', -1, 32)}: shortest float32 digits. */
  public static String formatFloat32(float f) {
    return format(f, Float.toString(Math.abs(f)), 'g');
  }

  private static String format(double d, String javaDigits, char fmt) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      String z = (1 / d < 0) ? "-0" : "0";
      return fmt == 'e' ? z + "e+00" : z;
    }
    BigDecimal bd = new BigDecimal(javaDigits).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    // value = 0.digits * 10^dp
    int dp = digits.length() - bd.scale();
    String sign = d < 0 ? "-" : "";
    char f = fmt;
    if (fmt == 'g') {
      int eprec = 6;
      if (eprec > digits.length() && digits.length() >= dp) {
        eprec = digits.length();
      }
      int exp = dp - 1;
      if (exp < -4 || exp >= eprec) {
        f = 'e';
      } else {
        f = 'f';
      }
    }
    if (f == 'e') {
      StringBuilder sb = new StringBuilder(sign);
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = dp - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      sb.append(a);
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder(sign);
    if (dp <= 0) {
      sb.append("0.");
      sb.append("0".repeat(-dp));
      sb.append(digits);
    } else if (dp >= digits.length()) {
      sb.append(digits);
      sb.append("0".repeat(dp - digits.length()));
    } else {
      sb.append(digits, 0, dp).append('.').append(digits, dp, digits.length());
    }
    return sb.toString();
  }

  /** How Go's encoding/json writes a float64. */
  public static String jsonFloat(double d) {
    double abs = Math.abs(d);
    char fmt = 'f';
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      fmt = 'e';
    }
    String s = formatFloat(d, fmt, -1);
    if (fmt == 'e') {
      // clean up e-09 to e-9
      int n = s.length();
      if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
        s = s.substring(0, n - 2) + s.charAt(n - 1);
      }
    }
    return s;
  }

  /** Thrown when a value cannot be marshalled (Go's json error text). */
  public static final class MarshalException extends Exception {
    private static final long serialVersionUID = 1L;

    MarshalException(String m) {
      super(m);
    }
  }

  /** {@code json.Marshal(v)}: sorted keys, HTML-safe escaping. */
  public static String toJson(Object v) throws MarshalException {
    StringBuilder sb = new StringBuilder();
    writeJson(sb, v, 0);
    return sb.toString();
  }

  /** Like {@link #toJson} but never fails (used for error messages). */
  static String toJsonish(Object v) {
    try {
      return toJson(v);
    } catch (MarshalException e) {
      return String.valueOf(v);
    }
  }

  private static void writeJson(StringBuilder sb, Object v, int depth) throws MarshalException {
    if (depth > 1000) {
      throw new MarshalException("json: unsupported value: encountered a cycle");
    }
    v = plain(v);
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new MarshalException("json: unsupported value: " + formatFloat(d, 'g', -1));
      }
      sb.append(jsonFloat(d));
    } else if (v instanceof Number n) {
      sb.append(n.toString());
    } else if (v instanceof byte[] b) {
      quote(sb, Base64.getEncoder().encodeToString(b));
    } else if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>(GoFormat::compareBytes);
      for (var e : m.entrySet()) {
        sorted.put(String.valueOf(e.getKey()), e.getValue());
      }
      sb.append('{');
      boolean first = true;
      for (var e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, e.getKey());
        sb.append(':');
        writeJson(sb, e.getValue(), depth + 1);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        writeJson(sb, l.get(i), depth + 1);
      }
      sb.append(']');
    } else if (v instanceof Object[] a) {
      writeJson(sb, List.of(a), depth + 1);
    } else {
      quote(sb, v.toString());
    }
  }

  /** Converts template-visible objects to plain Go data (GoObjects with a data view). */
  /** Go's {@code time.RFC3339Nano}. */
  static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

  static Object plain(Object v) {
    if (v instanceof PlainData p) {
      return p.plainData();
    }
    if (v instanceof io.capstan.gotemplate.GoDuration d) {
      return d.nanos(); // time.Duration marshals as its int64 nanoseconds
    }
    if (v instanceof io.capstan.gotemplate.GoTime t) {
      return t.format(RFC3339_NANO); // time.Time's MarshalJSON
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    return v;
  }

  /** Objects that marshal as plain data (e.g. {@code .Chart}). */
  interface PlainData extends GoObject {
    Object plainData();
  }

  static int compareBytes(String a, String b) {
    // Go compares strings bytewise (UTF-8); for BMP this equals UTF-16 order except surrogates.
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.compareUnsigned(x, y);
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&' -> sb.append(String.format("\\u%04x", (int) c));
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Go's json.Unmarshal into interface{}: numbers are float64. */
  public static Object fromJson(String text) throws Exception {
    var mapper = JsonHolder.MAPPER;
    var node = mapper.readTree(text);
    if (node == null || node.isMissingNode()) {
      throw new Exception("unexpected end of JSON input");
    }
    return fromNode(node);
  }

  private static Object fromNode(com.fasterxml.jackson.databind.JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      var it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        m.put(e.getKey(), fromNode(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      for (var c : n) {
        l.add(fromNode(c));
      }
      return l;
    }
    if (n.isNumber()) {
      return n.isBigInteger() ? new BigInteger(n.asText()).doubleValue() : n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNull()) {
      return null;
    }
    return n.asText();
  }

  private static final class JsonHolder {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }
}

package io.capstan.helm.engine;

import io.capstan.goencoding.GoFloats;
import io.capstan.goencoding.GoJson;
import io.capstan.goencoding.GoJsonWriter;
import io.capstan.gotemplate.GoObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Go's number formatting ({@code strconv.FormatFloat}) and {@code encoding/json} marshalling. */
public final class GoFormat {
  private GoFormat() {}

  /**
   * {@code strconv.FormatFloat(d, fmt, -1, 64)} for fmt 'g', 'e' or 'f' (shortest representation
   * that reads back to the same double; go-encoding's {@link GoFloats}).
   *
   * @param prec only -1 (shortest) is supported
   */
  public static String formatFloat(double d, char fmt, int prec) {
    if (prec != -1) {
      throw new IllegalArgumentException("only the shortest precision (-1) is supported");
    }
    return GoFloats.format(d, fmt, 64);
  }

  /** {@code strconv.FormatFloat(float64(f), 'g', -1, 32)}: shortest float32 digits. */
  public static String formatFloat32(float f) {
    return GoFloats.format(f, 'g', 32);
  }

  /** How Go's encoding/json writes a float64. */
  public static String jsonFloat(double d) {
    return GoFloats.json(d, 64);
  }

  /** Thrown when a value cannot be marshalled (Go's json error text). */
  public static final class MarshalException extends Exception {
    private static final long serialVersionUID = 1L;

    MarshalException(String m) {
      super(m);
    }
  }

  /**
   * {@code json.Marshal(v)}: sorted keys, HTML-safe escaping, written by go-encoding's {@link
   * GoJsonWriter}; template objects become their plain data first ({@link #plain}), other unknown
   * types their string form.
   */
  public static String toJson(Object v) throws MarshalException {
    try {
      return new GoJsonWriter(new StringBuilder())
          .adapter(GoFormat::jsonData)
          .value(plain(v))
          .out()
          .toString();
    } catch (GoJson.UnsupportedValueException e) {
      throw new MarshalException(e.getMessage());
    }
  }

  private static Object jsonData(Object v) {
    Object p = plain(v);
    return p == v ? v.toString() : p;
  }

  /** Like {@link #toJson} but never fails (used for error messages). */
  static String toJsonish(Object v) {
    try {
      return toJson(v);
    } catch (MarshalException e) {
      return String.valueOf(v);
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

  /** Go's string order (UTF-8 bytes). */
  static int compareBytes(String a, String b) {
    return GoJson.compareUtf8(a, b);
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

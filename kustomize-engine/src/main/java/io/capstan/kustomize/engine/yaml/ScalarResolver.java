package io.capstan.kustomize.engine.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves plain YAML scalars to typed values the way kustomize (go-yaml v3) does when it turns a
 * resource into JSON: {@code true}/{@code false} booleans, Go-style integers (hex, octal, binary,
 * underscores), decimal floats, nulls and dates. Everything else stays a string.
 */
public final class ScalarResolver {
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern DATE =
      Pattern.compile(
          "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt]|[ \\t]+)(\\d{1,2}):(\\d{2}):(\\d{2})(\\.\\d+)?"
              + "(?:[ \\t]*(Z|[-+]\\d{1,2}(?::?\\d{2})?))?)?$");
  private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");

  private ScalarResolver() {}

  /** Resolves a plain (unquoted, untagged) scalar. */
  public static JsonNode resolvePlain(String s) {
    return resolvePlain(s, false);
  }

  /**
   * Resolves a plain scalar; with {@code yaml11} the YAML 1.1 booleans (y, yes, on, n, no, off in
   * their usual capitalizations) are booleans too, as when kustomize converts YAML to JSON.
   */
  public static JsonNode resolvePlain(String s, boolean yaml11) {
    if (yaml11) {
      switch (s) {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
          return BooleanNode.TRUE;
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF":
          return BooleanNode.FALSE;
        default:
          break;
      }
    }
    switch (s) {
      case "", "~", "null", "Null", "NULL":
        return NullNode.getInstance();
      case "true", "True", "TRUE":
        return BooleanNode.TRUE;
      case "false", "False", "FALSE":
        return BooleanNode.FALSE;
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return DoubleNode.valueOf(Double.POSITIVE_INFINITY);
      case "-.inf", "-.Inf", "-.INF":
        return DoubleNode.valueOf(Double.NEGATIVE_INFINITY);
      case ".nan", ".NaN", ".NAN":
        return DoubleNode.valueOf(Double.NaN);
      default:
        break;
    }
    char c = s.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
      return TextNode.valueOf(s);
    }
    JsonNode date = resolveDate(s);
    if (date != null) {
      return date;
    }
    String plain = s.replace("_", "");
    BigInteger i = parseGoInt(plain);
    if (i != null) {
      if (i.bitLength() < 64) {
        return LongNode.valueOf(i.longValue());
      }
      if (i.signum() > 0 && i.compareTo(UINT64_MAX) <= 0) {
        return BigIntegerNode.valueOf(i);
      }
    }
    if (FLOAT.matcher(plain).matches()) {
      double d = Double.parseDouble(plain);
      if (!Double.isInfinite(d)) {
        return DoubleNode.valueOf(d);
      }
    }
    return TextNode.valueOf(s);
  }

  /** Resolves a scalar carrying an explicit core tag such as {@code !!int}. */
  public static JsonNode resolveTagged(String tag, String s) {
    switch (tag) {
      case "tag:yaml.org,2002:null":
        return NullNode.getInstance();
      case "tag:yaml.org,2002:bool":
      case "tag:yaml.org,2002:int":
      case "tag:yaml.org,2002:float":
        JsonNode n = resolvePlain(s);
        return n.isNull() ? TextNode.valueOf(s) : n;
      default:
        return TextNode.valueOf(s);
    }
  }

  private static BigInteger parseGoInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean neg = false;
    int i = 0;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i);
    int radix = 10;
    if (body.length() > 2 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x') {
        radix = 16;
        body = body.substring(2);
      } else if (p == 'o') {
        radix = 8;
        body = body.substring(2);
      } else if (p == 'b') {
        radix = 2;
        body = body.substring(2);
      } else {
        radix = 8;
        body = body.substring(1);
      }
    } else if (body.length() == 2 && body.charAt(0) == '0') {
      radix = 8;
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    for (int k = 0; k < body.length(); k++) {
      if (Character.digit(body.charAt(k), radix) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(body, radix);
    return neg ? v.negate() : v;
  }

  private static JsonNode resolveDate(String s) {
    if (s.length() < 8 || !Character.isDigit(s.charAt(0)) || s.charAt(4) != '-') {
      return null;
    }
    Matcher m = DATE.matcher(s);
    if (!m.matches()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    b.append(m.group(1))
        .append('-')
        .append(pad(m.group(2)))
        .append('-')
        .append(pad(m.group(3)))
        .append('T');
    if (m.group(4) == null) {
      b.append("00:00:00Z");
      return TextNode.valueOf(b.toString());
    }
    b.append(pad(m.group(4))).append(':').append(m.group(5)).append(':').append(m.group(6));
    if (m.group(7) != null) {
      String frac = m.group(7).replaceAll("0+$", "");
      if (frac.length() > 1) {
        b.append(frac);
      }
    }
    String zone = m.group(8);
    if (zone == null || zone.equals("Z")) {
      b.append('Z');
    } else {
      String z = zone.replace(":", "");
      String sign = z.substring(0, 1);
      String digits = z.substring(1);
      String hh = digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2);
      String mm = digits.length() <= 2 ? "00" : digits.substring(digits.length() - 2);
      b.append(sign).append(pad(hh)).append(':').append(mm);
    }
    return TextNode.valueOf(b.toString());
  }

  private static String pad(String s) {
    return s.length() == 1 ? "0" + s : s;
  }
}

package io.capstan.gotemplate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Argument conversions shared by the Sprig functions (sprig's strval, toInt64, strslice, ...). */
final class Conv {
  private Conv() {}

  /** A Go string parameter. */
  static String str(Object v) {
    return Builtins.str(v);
  }

  /** A Go int parameter: Go accepts only ints (numbers from values are float64 and rejected). */
  static int intParam(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return (int) ((Number) v).longValue();
    }
    throw Builtins.wrongType("int", v);
  }

  /** A Go bool parameter. */
  static boolean boolParam(Object v) {
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    throw Builtins.wrongType("bool", v);
  }

  /** A Go map[string]interface{} parameter (nil allowed). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mapParam(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw Builtins.wrongType("map[string]interface {}", v);
  }

  /** sprig's strval: fmt %v except strings, byte slices and errors. */
  static String strval(Object v) {
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof byte[]) {
      return new String((byte[]) v, StandardCharsets.UTF_8);
    }
    return GoFmt.toString(v);
  }

  /** sprig's strslice: a list's non-nil elements as strings, or a one-element list. */
  static List<String> strslice(Object v) {
    List<String> r = new ArrayList<>();
    if (v instanceof List) {
      for (Object o : (List<?>) v) {
        if (o != null) {
          r.add(strval(o));
        }
      }
      return r;
    }
    if (v == null) {
      return r;
    }
    r.add(strval(v));
    return r;
  }

  static List<Object> strsliceObj(Object v) {
    return new ArrayList<>(strslice(v));
  }

  /** cast.ToInt64 (errors yield 0). */
  static long toInt64(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof String) {
      String s = trimZeroDecimal((String) v);
      try {
        java.math.BigInteger b = Parser.parseGoInt(s);
        return b == null || b.bitLength() > 63 ? 0 : b.longValue();
      } catch (RuntimeException e) {
        return 0;
      }
    }
    if (v instanceof Number) {
      Number n = (Number) v;
      if (v instanceof Double || v instanceof Float) {
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
          return Long.MIN_VALUE;
        }
        return (long) d;
      }
      return n.longValue();
    }
    if (v instanceof Boolean) {
      return (Boolean) v ? 1 : 0;
    }
    return 0;
  }

  private static String trimZeroDecimal(String s) {
    boolean foundZero = false;
    for (int i = s.length(); i > 0; i--) {
      switch (s.charAt(i - 1)) {
        case '.':
          if (foundZero) {
            return s.substring(0, i - 1);
          }
          return s;
        case '0':
          foundZero = true;
          break;
        default:
          return s;
      }
    }
    return s;
  }

  /** cast.ToFloat64 (errors yield 0). */
  static double toFloat64(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String) {
      Double d = Parser.parseGoFloat((String) v);
      if (d != null) {
        return d;
      }
      java.math.BigInteger b = Parser.parseGoInt((String) v);
      return b == null ? 0 : b.doubleValue();
    }
    if (v instanceof Boolean) {
      return (Boolean) v ? 1 : 0;
    }
    return 0;
  }

  /** shopspring decimal.NewFromFloat: the shortest decimal of a float64. */
  static BigDecimal decimal(Object v) {
    double d = toFloat64(v);
    if (d == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal b = GoFmt.shortestDecimal(Math.abs(d), 64);
    return d < 0 ? b.negate() : b;
  }

  /** sprig's empty: Go zero values and empty containers. */
  static boolean empty(Object v) {
    if (v == null || v == GoValues.NO_VALUE) {
      return true;
    }
    if (v instanceof GoObject && !(v instanceof Map) && !(v instanceof List)) {
      return false;
    }
    return !GoValues.isTrue(v);
  }

  /** A list parameter of sprig's reflect-based list functions, or null when not a list. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object v) {
    if (v instanceof List) {
      return (List<Object>) v;
    }
    if (v instanceof byte[]) {
      List<Object> r = new ArrayList<>();
      for (byte b : (byte[]) v) {
        r.add((int) b & 0xff);
      }
      return r;
    }
    return null;
  }

  /** reflect.Kind name for sprig's error messages ("Cannot push on type map"). */
  static String kind(Object v) {
    return GoValues.kindName(v);
  }

  /** reflect.DeepEqual over template values (ints of different Go types differ). */
  static boolean deepEqual(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEqual(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof byte[] && b instanceof byte[]) {
      return java.util.Arrays.equals((byte[]) a, (byte[]) b);
    }
    return a.getClass() == b.getClass() && a.equals(b);
  }
}

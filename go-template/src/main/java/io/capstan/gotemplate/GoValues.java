package io.capstan.gotemplate;

import java.util.List;
import java.util.Map;

/**
 * Go's view of template values: type names, kinds, truth and the comparison rules of the {@code
 * eq}/{@code lt} builtins.
 */
public final class GoValues {
  private GoValues() {}

  /** Go's invalid reflect.Value ("no value"): a missing map key under missingkey=default. */
  public static final Object NO_VALUE =
      new Object() {
        @Override
        public String toString() {
          return "<no value>";
        }
      };

  /** Go {@code int} for a long: an Integer when it fits, else a Long. */
  public static Object goInt(long v) {
    return v == (int) v ? (Object) Integer.valueOf((int) v) : (Object) Long.valueOf(v);
  }

  /** Go's type name of a template value, as {@code %T} prints it. */
  public static String typeName(Object v) {
    if (v == null || v == NO_VALUE) {
      return "<nil>";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof GoObject) {
      return ((GoObject) v).goTypeName();
    }
    if (v instanceof Integer) {
      return "int";
    }
    if (v instanceof Long) {
      return "int64";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Map) {
      return "map[string]interface {}";
    }
    if (v instanceof List) {
      return "[]interface {}";
    }
    if (v instanceof byte[]) {
      return "[]uint8";
    }
    if (v instanceof GoObject) {
      return ((GoObject) v).goTypeName();
    }
    if (v instanceof Float) {
      return "float32";
    }
    if (v instanceof Short) {
      return "int16";
    }
    if (v instanceof Byte) {
      return "int8";
    }
    if (v instanceof Character) {
      return "int32";
    }
    if (v instanceof TemplateFunction) {
      return "func(...interface {}) (interface {}, error)";
    }
    return v.getClass().getName();
  }

  /** Go's reflect.Kind name of a value ({@code kindOf}). */
  public static String kindName(Object v) {
    if (v == null || v == NO_VALUE) {
      return "invalid";
    }
    if (v instanceof Map) {
      return "map";
    }
    if (v instanceof List || v instanceof byte[]) {
      return "slice";
    }
    if (v instanceof GoObject) {
      String t = ((GoObject) v).goTypeName();
      return t.startsWith("*") ? "ptr" : t.startsWith("map[") ? "map" : "struct";
    }
    if (v instanceof TemplateFunction) {
      return "func";
    }
    return typeName(v);
  }

  /** Whether v is a Go integer (int, int64, ...). */
  static boolean isInt(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
  }

  static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float;
  }

  /** Go's truth: false for zero values and empty containers (text/template isTrue). */
  public static boolean isTrue(Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    if (v instanceof Map) {
      return !((Map<?, ?>) v).isEmpty();
    }
    if (v instanceof List) {
      return !((List<?>) v).isEmpty();
    }
    if (v instanceof byte[]) {
      return ((byte[]) v).length > 0;
    }
    if (isInt(v)) {
      return ((Number) v).longValue() != 0;
    }
    if (isFloat(v)) {
      return ((Number) v).doubleValue() != 0;
    }
    return true;
  }

  enum BasicKind {
    INVALID,
    BOOL,
    INT,
    FLOAT,
    STRING
  }

  static BasicKind basicKind(Object v) {
    if (v instanceof Boolean) {
      return BasicKind.BOOL;
    }
    if (isInt(v) || v instanceof Character) {
      return BasicKind.INT;
    }
    if (isFloat(v)) {
      return BasicKind.FLOAT;
    }
    if (v instanceof String) {
      return BasicKind.STRING;
    }
    return BasicKind.INVALID;
  }

  static boolean isValid(Object v) {
    return v != null && v != NO_VALUE;
  }

  /** The eq builtin (Go 1.18+ semantics). */
  static boolean eq(Object a1, List<Object> rest) throws Exception {
    if (rest.isEmpty()) {
      throw new Exception("missing argument for comparison");
    }
    BasicKind k1 = basicKind(a1);
    for (Object a : rest) {
      BasicKind k2 = basicKind(a);
      boolean truth;
      if (k1 != k2) {
        if (isValid(a1) && isValid(a)) {
          throw new Exception("incompatible types for comparison");
        }
        truth = false;
      } else {
        switch (k1) {
          case BOOL:
            truth = a1.equals(a);
            break;
          case FLOAT:
            truth = ((Number) a1).doubleValue() == ((Number) a).doubleValue();
            break;
          case INT:
            truth = toLong(a1) == toLong(a);
            break;
          case STRING:
            truth = a1.equals(a);
            break;
          default:
            {
              boolean n1 = !isValid(a1);
              boolean n2 = !isValid(a);
              if (n1 || n2) {
                truth = n1 == n2;
              } else {
                if (a1 instanceof Map || a1 instanceof List || a1 instanceof byte[]) {
                  throw new Exception(
                      "non-comparable type " + GoFmt.sprint(List.of(a1)) + ": " + typeName(a1));
                }
                if (a instanceof Map || a instanceof List || a instanceof byte[]) {
                  throw new Exception(
                      "non-comparable type " + GoFmt.sprint(List.of(a)) + ": " + typeName(a));
                }
                truth = a1 == a || a1.equals(a);
              }
            }
        }
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  static long toLong(Object v) {
    if (v instanceof Character) {
      return (Character) v;
    }
    return ((Number) v).longValue();
  }

  /** The lt builtin. */
  static boolean lt(Object a, Object b) throws Exception {
    BasicKind k1 = basicKind(a);
    BasicKind k2 = basicKind(b);
    if (k1 == BasicKind.INVALID || k2 == BasicKind.INVALID) {
      throw new Exception("invalid type for comparison");
    }
    if (k1 != k2) {
      throw new Exception("incompatible types for comparison");
    }
    switch (k1) {
      case BOOL:
        throw new Exception("invalid type for comparison");
      case FLOAT:
        return ((Number) a).doubleValue() < ((Number) b).doubleValue();
      case INT:
        return toLong(a) < toLong(b);
      default:
        return ((String) a).compareTo((String) b) < 0 && goLess((String) a, (String) b);
    }
  }

  /** Go compares strings bytewise (UTF-8); Java by UTF-16 units. Differs only off the BMP. */
  private static boolean goLess(String a, String b) {
    return true;
  }

  static boolean le(Object a, Object b) throws Exception {
    boolean lessThan = lt(a, b);
    if (lessThan) {
      return true;
    }
    return eq(a, List.of(b));
  }
}

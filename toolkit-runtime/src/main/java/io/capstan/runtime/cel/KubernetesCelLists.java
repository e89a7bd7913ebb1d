package io.capstan.runtime.cel;

import java.util.List;
import java.util.Objects;

/**
 * The list functions of Kubernetes' CEL {@code lists} library over CEL-Java values. Kubernetes
 * declares one overload per element type ({@code int}, {@code uint}, {@code double}, {@code bool},
 * {@code duration}, {@code timestamp}, {@code string}, {@code bytes}); CEL-Java gets one generic
 * overload, so a list of elements that cannot be compared (or summed) fails when evaluated instead
 * of when compiled. Numbers compare across types ({@code 1 < 1.5}), as with cel-go's cross-type
 * numeric comparisons.
 */
final class KubernetesCelLists {

  private KubernetesCelLists() {}

  /** Whether each element is not greater than the next. */
  static boolean isSorted(List<?> list) {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  /** The sum of the elements; an empty list sums to {@code 0}. */
  static Object sum(List<?> list) {
    Object acc = 0L;
    for (Object item : list) {
      acc = add(acc, item);
    }
    return acc;
  }

  /**
   * The smallest element (the first of equal ones).
   *
   * @throws IllegalArgumentException "min called on empty list"
   */
  static Object min(List<?> list) {
    return extreme(list, "min", -1);
  }

  /**
   * The greatest element (the first of equal ones).
   *
   * @throws IllegalArgumentException "max called on empty list"
   */
  static Object max(List<?> list) {
    return extreme(list, "max", 1);
  }

  /** The index of the first element equal to {@code item}, or -1. */
  static long indexOf(List<?> list, Object item) {
    for (int i = 0; i < list.size(); i++) {
      if (celEquals(list.get(i), item)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the last element equal to {@code item}, or -1. */
  static long lastIndexOf(List<?> list, Object item) {
    for (int i = list.size() - 1; i >= 0; i--) {
      if (celEquals(list.get(i), item)) {
        return i;
      }
    }
    return -1;
  }

  private static Object extreme(List<?> list, String name, int prefer) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException(name + " called on empty list");
    }
    Object result = list.get(0);
    for (Object item : list.subList(1, list.size())) {
      if (Integer.signum(compare(item, result)) == prefer) {
        result = item;
      }
    }
    return result;
  }

  private static Object add(Object acc, Object item) {
    if (acc instanceof Long a && item instanceof Long b) {
      return Math.addExact(a, b);
    }
    if (acc instanceof Number a
        && item instanceof Number b
        && (acc instanceof Double || item instanceof Double)) {
      return a.doubleValue() + b.doubleValue();
    }
    if (acc instanceof java.time.Duration a && item instanceof java.time.Duration b) {
      return a.plus(b);
    }
    if (acc instanceof Long zero && zero == 0L && item instanceof java.time.Duration) {
      return item;
    }
    throw new IllegalArgumentException("no such overload: sum over " + typeName(item));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Long && y instanceof Long) {
        return Long.compare(x.longValue(), y.longValue());
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
      return ca.compareTo(b);
    }
    throw new IllegalArgumentException(
        "no such overload: cannot compare " + typeName(a) + " and " + typeName(b));
  }

  private static boolean celEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return compare(x, y) == 0;
    }
    return Objects.equals(a, b);
  }

  private static String typeName(Object o) {
    return o == null ? "null" : o.getClass().getSimpleName();
  }
}

package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's values algebra ({@code chartutil} coalesce.go / values.go): coalescing chart defaults with
 * user values (null deletes a default), subchart scoping, globals, path lookups.
 */
public final class Values {
  private Values() {}

  /** A deep copy of a values map. */
  public static Map<String, Object> deepCopyMap(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (var e : m.entrySet()) {
      out.put(e.getKey(), deepCopy(e.getValue()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object deepCopy(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopyMap((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(deepCopy(o));
      }
      return out;
    }
    return v;
  }

  static boolean isTable(Object v) {
    return v instanceof Map;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asTable(Object v) {
    return (Map<String, Object>) v;
  }

  /** {@code CoalesceValues(chart, vals)}: user values over chart defaults, nulls removed. */
  public static Map<String, Object> coalesceValues(Chart chart, Map<String, Object> vals)
      throws HelmException {
    Map<String, Object> copy = vals == null ? new LinkedHashMap<>() : deepCopyMap(vals);
    return coalesce(chart, copy, "", false);
  }

  /** {@code MergeValues(chart, vals)}: like coalesce but keeps nulls. */
  public static Map<String, Object> mergeValues(Chart chart, Map<String, Object> vals)
      throws HelmException {
    Map<String, Object> copy = vals == null ? new LinkedHashMap<>() : deepCopyMap(vals);
    return coalesce(chart, copy, "", true);
  }

  private static Map<String, Object> coalesce(
      Chart ch, Map<String, Object> dest, String prefix, boolean merge) throws HelmException {
    coalesceValuesInto(ch, dest, prefix, merge);
    return coalesceDeps(ch, dest, prefix, merge);
  }

  private static Map<String, Object> coalesceDeps(
      Chart chrt, Map<String, Object> dest, String prefix, boolean merge) throws HelmException {
    for (Chart sub : chrt.dependencies) {
      Object c = dest.get(sub.name());
      if (!dest.containsKey(sub.name())) {
        dest.put(sub.name(), new LinkedHashMap<String, Object>());
      } else if (!isTable(c)) {
        throw new HelmException(
            "type mismatch on " + sub.name() + ": %!t(" + goTypeOf(c) + "=" + c + ")");
      }
      Map<String, Object> dvmap = asTable(dest.get(sub.name()));
      String subPrefix = concatPrefix(prefix, chrt.name());
      coalesceGlobals(dvmap, dest, subPrefix);
      dest.put(sub.name(), coalesce(sub, dvmap, subPrefix, merge));
    }
    return dest;
  }

  private static String goTypeOf(Object c) {
    if (c == null) {
      return "<nil>";
    }
    if (c instanceof String) {
      return "string";
    }
    if (c instanceof Double) {
      return "float64";
    }
    if (c instanceof Long) {
      return "int64";
    }
    if (c instanceof Boolean) {
      return "bool";
    }
    if (c instanceof List) {
      return "[]interface {}";
    }
    return "interface {}";
  }

  private static void coalesceGlobals(
      Map<String, Object> dest, Map<String, Object> src, String prefix) {
    Map<String, Object> dg;
    Map<String, Object> sg;
    Object destglob = dest.get("global");
    if (!dest.containsKey("global")) {
      dg = new LinkedHashMap<>();
    } else if (isTable(destglob)) {
      dg = asTable(destglob);
    } else {
      return;
    }
    Object srcglob = src.get("global");
    if (!src.containsKey("global")) {
      sg = new LinkedHashMap<>();
    } else if (isTable(srcglob)) {
      sg = asTable(srcglob);
    } else {
      return;
    }
    for (var e : sg.entrySet()) {
      String key = e.getKey();
      Object val = e.getValue();
      if (isTable(val)) {
        Map<String, Object> vv = deepCopyMap(asTable(val));
        Object destv = dg.get(key);
        if (!dg.containsKey(key)) {
          dg.put(key, vv);
        } else if (isTable(destv)) {
          coalesceTablesFullKey(vv, asTable(destv), concatPrefix(prefix, key), true);
          dg.put(key, vv);
        }
      } else if (dg.containsKey(key) && isTable(dg.get(key))) {
        // key is a table: skipped, as Helm does
      } else {
        dg.put(key, val);
      }
    }
    dest.put("global", dg);
  }

  private static void coalesceValuesInto(
      Chart c, Map<String, Object> v, String prefix, boolean merge) {
    String subPrefix = concatPrefix(prefix, c.name());
    // Chart defaults lose their nulls when coalescing (Helm v4.3), so chart-default nulls neither
    // shadow globals nor delete subchart defaults; only user-supplied nulls delete.
    boolean cleanDefaults = !merge;
    Map<String, Object> vc = deepCopyMap(c.values);
    for (var e : vc.entrySet()) {
      String key = e.getKey();
      Object val = e.getValue();
      if (v.containsKey(key)) {
        Object value = v.get(key);
        if (value == null && !merge) {
          v.remove(key);
        } else if (isTable(value)) {
          if (isTable(val)) {
            boolean m = merge;
            for (Chart sub : c.dependencies) {
              if (sub.name().equals(key)) {
                m = true;
                break;
              }
            }
            if (!m) {
              cleanNilValues(asTable(val));
            }
            coalesceTablesFullKey(asTable(value), asTable(val), concatPrefix(subPrefix, key), m);
          }
        }
      } else {
        if (cleanDefaults) {
          if (val == null) {
            continue;
          }
          if (isTable(val)) {
            cleanNilValues(asTable(val));
          }
        }
        v.put(key, val);
      }
    }
  }

  private static void cleanNilValues(Map<String, Object> m) {
    var it = m.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue() == null) {
        it.remove();
      } else if (isTable(e.getValue())) {
        cleanNilValues(asTable(e.getValue()));
      }
    }
  }

  /** {@code CoalesceTables(dst, src)}: dst wins; nulls in dst delete. */
  public static Map<String, Object> coalesceTables(
      Map<String, Object> dst, Map<String, Object> src) {
    return coalesceTablesFullKey(dst, src, "", false);
  }

  /** {@code MergeTables(dst, src)}: dst wins; nulls kept. */
  public static Map<String, Object> mergeTables(Map<String, Object> dst, Map<String, Object> src) {
    return coalesceTablesFullKey(dst, src, "", true);
  }

  static Map<String, Object> coalesceTablesFullKey(
      Map<String, Object> dst, Map<String, Object> src, String prefix, boolean merge) {
    if (src == null) {
      return dst;
    }
    if (dst == null) {
      return src;
    }
    // A null in dst deletes the key only when it nullifies a real (non-null) src value.
    java.util.Set<String> srcOriginalNonNil = new java.util.HashSet<>();
    for (var e : src.entrySet()) {
      if (e.getValue() != null) {
        srcOriginalNonNil.add(e.getKey());
      }
    }
    for (var e : dst.entrySet()) {
      if (e.getValue() == null) {
        src.put(e.getKey(), null);
      }
    }
    for (var e : new ArrayList<>(src.entrySet())) {
      String key = e.getKey();
      Object val = e.getValue();
      boolean ok = dst.containsKey(key);
      Object dv = dst.get(key);
      if (ok && !merge && dv == null && srcOriginalNonNil.contains(key)) {
        dst.remove(key);
      } else if (!ok) {
        dst.put(key, val);
      } else if (isTable(val)) {
        if (isTable(dv)) {
          coalesceTablesFullKey(asTable(dv), asTable(val), concatPrefix(prefix, key), merge);
        }
      }
    }
    return dst;
  }

  private static String concatPrefix(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    return a + "." + b;
  }

  /** Helm's {@code mergeMaps} for {@code -f} files and {@code --set} results (b wins). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> mergeMaps(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new LinkedHashMap<>(a);
    for (var e : b.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> vm) {
        Object bv = out.get(e.getKey());
        if (bv instanceof Map<?, ?> bm) {
          out.put(e.getKey(), mergeMaps((Map<String, Object>) bm, (Map<String, Object>) vm));
          continue;
        }
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /** Helm's {@code Values.Table}: the table at a dotted path, or null. */
  static Map<String, Object> table(Map<String, Object> v, String path) {
    if (path.isEmpty()) {
      return v;
    }
    Map<String, Object> cur = v;
    for (String p : path.split("\\.")) {
      Object o = cur.get(p);
      if (!isTable(o)) {
        return null;
      }
      cur = asTable(o);
    }
    return cur;
  }

  /** Sentinel for "no value at path". */
  static final Object NO_VALUE = new Object();

  /** Helm's {@code Values.PathValue}: a non-table value at a dotted path, or NO_VALUE. */
  static Object pathValue(Map<String, Object> v, String path) {
    if (path.isEmpty()) {
      return NO_VALUE;
    }
    String[] parts = path.split("\\.", -1);
    if (parts.length == 1) {
      if (v.containsKey(parts[0]) && !isTable(v.get(parts[0]))) {
        return v.get(parts[0]);
      }
      return NO_VALUE;
    }
    String key = parts[parts.length - 1];
    Map<String, Object> t =
        table(v, String.join(".", java.util.Arrays.copyOf(parts, parts.length - 1)));
    if (t == null) {
      return NO_VALUE;
    }
    if (t.containsKey(key) && !isTable(t.get(key))) {
      return t.get(key);
    }
    return NO_VALUE;
  }

  /** Helm's {@code pathToMap}: nests {@code data} under a dotted path ({@code .} = root). */
  static Map<String, Object> pathToMap(String path, Map<String, Object> data) {
    if (path.equals(".")) {
      return data;
    }
    List<String> parts = new ArrayList<>();
    for (String p : path.split("\\.")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    Map<String, Object> out = data;
    for (int i = parts.size() - 1; i >= 0; i--) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(parts.get(i), out);
      out = m;
    }
    return out;
  }

  /** Removes null values recursively (Helm's {@code trimNilValues}). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> trimNilValues(Map<String, Object> vals) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (var e : vals.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (v instanceof Map<?, ?> m) {
        out.put(e.getKey(), trimNilValues((Map<String, Object>) m));
      } else {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }
}

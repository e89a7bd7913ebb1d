package io.capstan.gotemplate;

import static io.capstan.gotemplate.Builtins.fixed;
import static io.capstan.gotemplate.Builtins.variadic;
import static io.capstan.gotemplate.Conv.intParam;
import static io.capstan.gotemplate.Conv.mapParam;
import static io.capstan.gotemplate.Conv.str;
import static io.capstan.gotemplate.Conv.strval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Sprig's list and dict functions, including mergo-compatible merge and mergeOverwrite. */
final class SprigCollections {
  private SprigCollections() {}

  interface ListFn {
    Object apply(List<Object> l, List<Object> args) throws Exception;
  }

  /** Registers NAME (panicking variant: error text as Go's panic) and mustNAME. */
  private static void listFn(
      Map<String, TemplateFunction> m,
      String name,
      int arity,
      boolean variadic,
      String what,
      ListFn f) {
    TemplateFunction fn =
        (c, a) -> {
          Object v = a.get(0);
          List<Object> l = Conv.list(v);
          if (l == null) {
            throw new Exception("Cannot " + what + " on type " + Conv.kind(v));
          }
          return f.apply(l, a.subList(1, a.size()));
        };
    String must = "must" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    m.put(name, variadic ? variadic(arity, fn) : fixed(arity, fn));
    m.put(must, m.get(name));
  }

  static void register(Map<String, TemplateFunction> m) {
    m.put("list", variadic(0, (c, a) -> new ArrayList<>(a)));
    m.put("tuple", m.get("list"));
    listFn(m, "push", 2, false, "push", (l, a) -> appendTo(l, a.get(0)));
    m.put("append", m.get("push"));
    m.put("mustAppend", m.get("push"));
    listFn(
        m,
        "prepend",
        2,
        false,
        "prepend",
        (l, a) -> {
          List<Object> r = new ArrayList<>(l.size() + 1);
          r.add(a.get(0));
          r.addAll(l);
          return r;
        });
    m.put("concat", variadic(0, (c, a) -> concat(a)));
    listFn(m, "first", 1, false, "find first", (l, a) -> l.isEmpty() ? null : l.get(0));
    listFn(m, "last", 1, false, "find last", (l, a) -> l.isEmpty() ? null : l.get(l.size() - 1));
    listFn(
        m,
        "rest",
        1,
        false,
        "find rest",
        (l, a) -> l.isEmpty() ? null : new ArrayList<>(l.subList(1, l.size())));
    listFn(
        m,
        "initial",
        1,
        false,
        "find initial",
        (l, a) -> l.isEmpty() ? null : new ArrayList<>(l.subList(0, l.size() - 1)));
    listFn(
        m,
        "reverse",
        1,
        false,
        "find reverse",
        (l, a) -> {
          List<Object> r = new ArrayList<>(l);
          Collections.reverse(r);
          return r;
        });
    listFn(
        m,
        "uniq",
        1,
        false,
        "find uniq",
        (l, a) -> {
          List<Object> r = new ArrayList<>();
          for (Object o : l) {
            if (!contains(r, o)) {
              r.add(o);
            }
          }
          return r;
        });
    listFn(
        m,
        "compact",
        1,
        false,
        "compact",
        (l, a) -> {
          List<Object> r = new ArrayList<>();
          for (Object o : l) {
            if (!Conv.empty(o)) {
              r.add(o);
            }
          }
          return r;
        });
    listFn(
        m,
        "without",
        1,
        true,
        "find without",
        (l, a) -> {
          List<Object> r = new ArrayList<>();
          for (Object o : l) {
            if (!contains(a, o)) {
              r.add(o);
            }
          }
          return r;
        });
    m.put("has", fixed(2, (c, a) -> has(a.get(0), a.get(1))));
    m.put("mustHas", m.get("has"));
    m.put("slice", variadic(1, (c, a) -> slice(a.get(0), a.subList(1, a.size()))));
    m.put("mustSlice", m.get("slice"));
    m.put(
        "chunk",
        fixed(
            2,
            (c, a) -> {
              int size = intParam(a.get(0));
              List<Object> l = Conv.list(a.get(1));
              if (l == null) {
                throw new Exception("Cannot chunk type " + Conv.kind(a.get(1)));
              }
              List<Object> r = new ArrayList<>();
              for (int i = 0; i < l.size(); i += size) {
                r.add(new ArrayList<>(l.subList(i, Math.min(l.size(), i + size))));
              }
              return r;
            }));
    m.put("mustChunk", m.get("chunk"));
    m.put("until", fixed(1, (c, a) -> untilStep(0, intParam(a.get(0)), 1)));
    m.put(
        "untilStep",
        fixed(3, (c, a) -> untilStep(intParam(a.get(0)), intParam(a.get(1)), intParam(a.get(2)))));
    // dicts
    m.put("dict", variadic(0, (c, a) -> dict(a)));
    m.put(
        "get",
        fixed(
            2,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              String k = str(a.get(1));
              if (d != null && d.containsKey(k)) {
                return d.get(k);
              }
              return "";
            }));
    m.put(
        "set",
        fixed(
            3,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              if (d == null) {
                throw new Exception("assignment to entry in nil map");
              }
              d.put(str(a.get(1)), a.get(2));
              return d;
            }));
    m.put(
        "unset",
        fixed(
            2,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              if (d != null) {
                d.remove(str(a.get(1)));
              }
              return d;
            }));
    m.put(
        "hasKey",
        fixed(
            2,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              return d != null && d.containsKey(str(a.get(1)));
            }));
    m.put(
        "pluck",
        variadic(
            1,
            (c, a) -> {
              String name = str(a.get(0));
              List<Object> r = new ArrayList<>();
              for (Object o : a.subList(1, a.size())) {
                Map<String, Object> d = mapParam(o);
                if (d != null && d.containsKey(name)) {
                  r.add(d.get(name));
                }
              }
              return r;
            }));
    m.put(
        "keys",
        variadic(
            0,
            (c, a) -> {
              List<Object> r = new ArrayList<>();
              for (Object o : a) {
                Map<String, Object> d = mapParam(o);
                if (d != null) {
                  r.addAll(new TreeSet<>(d.keySet()));
                }
              }
              return r;
            }));
    m.put(
        "values",
        fixed(
            1,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              List<Object> r = new ArrayList<>();
              if (d != null) {
                for (String k : new TreeSet<>(d.keySet())) {
                  r.add(d.get(k));
                }
              }
              return r;
            }));
    m.put(
        "pick",
        variadic(
            1,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              Map<String, Object> r = new LinkedHashMap<>();
              for (Object k : a.subList(1, a.size())) {
                String key = str(k);
                if (d != null && d.containsKey(key)) {
                  r.put(key, d.get(key));
                }
              }
              return r;
            }));
    m.put(
        "omit",
        variadic(
            1,
            (c, a) -> {
              Map<String, Object> d = mapParam(a.get(0));
              java.util.Set<String> drop = new java.util.HashSet<>();
              for (Object k : a.subList(1, a.size())) {
                drop.add(str(k));
              }
              Map<String, Object> r = new LinkedHashMap<>();
              if (d != null) {
                for (Map.Entry<String, Object> e : d.entrySet()) {
                  if (!drop.contains(e.getKey())) {
                    r.put(e.getKey(), e.getValue());
                  }
                }
              }
              return r;
            }));
    m.put("dig", variadic(3, (c, a) -> dig(a)));
    m.put("merge", variadic(1, (c, a) -> merge(a, false)));
    m.put("mustMerge", m.get("merge"));
    m.put("mergeOverwrite", variadic(1, (c, a) -> merge(a, true)));
    m.put("mustMergeOverwrite", m.get("mergeOverwrite"));
    m.put("deepCopy", fixed(1, (c, a) -> deepCopy(a.get(0))));
    m.put("mustDeepCopy", m.get("deepCopy"));
  }

  static List<Object> appendTo(List<Object> l, Object v) {
    List<Object> r = new ArrayList<>(l.size() + 1);
    r.addAll(l);
    r.add(v);
    return r;
  }

  static boolean contains(List<Object> l, Object o) {
    for (Object x : l) {
      if (Conv.deepEqual(x, o)) {
        return true;
      }
    }
    return false;
  }

  private static Object has(Object needle, Object haystack) throws Exception {
    if (haystack == null) {
      return false;
    }
    List<Object> l = Conv.list(haystack);
    if (l == null) {
      throw new Exception("Cannot find has on type " + Conv.kind(haystack));
    }
    return contains(l, needle);
  }

  private static List<Object> concat(List<Object> lists) throws Exception {
    List<Object> r = new ArrayList<>();
    for (Object o : lists) {
      List<Object> l = Conv.list(o);
      if (l == null) {
        throw new Exception("Cannot concat type " + Conv.kind(o) + " as list");
      }
      r.addAll(l);
    }
    return r;
  }

  private static Object slice(Object list, List<Object> idx) throws Exception {
    List<Object> l = Conv.list(list);
    if (l == null) {
      throw new Exception("list should be type of slice or array but " + Conv.kind(list));
    }
    if (l.isEmpty()) {
      return null;
    }
    int start = idx.isEmpty() ? 0 : (int) Conv.toInt64(idx.get(0));
    int end = idx.size() < 2 ? l.size() : (int) Conv.toInt64(idx.get(1));
    if (start < 0 || end > l.size() || start > end) {
      throw new Exception("reflect: slice index out of range");
    }
    return new ArrayList<>(l.subList(start, end));
  }

  static List<Object> untilStep(int start, int stop, int step) {
    List<Object> r = new ArrayList<>();
    if (step == 0) {
      return r;
    }
    if (stop < start) {
      if (step >= 0) {
        return r;
      }
      for (int i = start; i > stop; i += step) {
        r.add(i);
      }
      return r;
    }
    if (step <= 0) {
      return r;
    }
    for (int i = start; i < stop; i += step) {
      r.add(i);
    }
    return r;
  }

  static Map<String, Object> dict(List<Object> v) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (int i = 0; i < v.size(); i += 2) {
      String key = strval(v.get(i));
      if (i + 1 >= v.size()) {
        d.put(key, "");
        continue;
      }
      d.put(key, v.get(i + 1));
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Object dig(List<Object> ps) throws Exception {
    Object last = ps.get(ps.size() - 1);
    if (!(last instanceof Map)) {
      throw new Exception(
          "interface conversion: interface {} is "
              + (last == null ? "nil" : GoValues.typeName(last))
              + ", not map[string]interface {}");
    }
    Map<String, Object> dict = (Map<String, Object>) last;
    Object def = ps.get(ps.size() - 2);
    List<String> ks = new ArrayList<>();
    for (int i = 0; i < ps.size() - 2; i++) {
      Object k = ps.get(i);
      if (!(k instanceof String)) {
        throw new Exception(
            "interface conversion: interface {} is "
                + (k == null ? "nil" : GoValues.typeName(k))
                + ", not string");
      }
      ks.add((String) k);
    }
    for (int i = 0; ; i++) {
      String k = ks.get(i);
      if (!dict.containsKey(k)) {
        return def;
      }
      Object step = dict.get(k);
      if (i == ks.size() - 1) {
        return step;
      }
      if (!(step instanceof Map)) {
        throw new Exception(
            "interface conversion: interface {} is "
                + (step == null ? "nil" : GoValues.typeName(step))
                + ", not map[string]interface {}");
      }
      dict = (Map<String, Object>) step;
    }
  }

  @SuppressWarnings("unchecked")
  private static Object merge(List<Object> a, boolean overwrite) {
    Map<String, Object> dst = mapParam(a.get(0));
    for (Object o : a.subList(1, a.size())) {
      Map<String, Object> src = mapParam(o);
      if (src == null) {
        continue;
      }
      if (dst == null) {
        dst = new LinkedHashMap<>();
      }
      deepMerge(dst, src, overwrite);
    }
    return dst;
  }

  /** mergo.Merge / mergo.MergeWithOverwrite on map[string]interface{} values. */
  @SuppressWarnings("unchecked")
  static void deepMerge(Map<String, Object> dst, Map<String, Object> src, boolean overwrite) {
    for (Map.Entry<String, Object> e : src.entrySet()) {
      String key = e.getKey();
      Object s = e.getValue();
      boolean dstHas = dst.containsKey(key);
      Object d = dst.get(key);
      if (s == null) {
        if (overwrite) {
          dst.put(key, null);
        }
        continue;
      }
      if (s instanceof Map) {
        if (d instanceof Map) {
          deepMerge((Map<String, Object>) d, (Map<String, Object>) s, overwrite);
        }
      } else if (s instanceof List) {
        Object dstSlice;
        if (!dstHas || d == null) {
          dstSlice = new ArrayList<>();
        } else {
          dstSlice = d;
        }
        if (overwrite || dst.isEmpty()) {
          dstSlice = s;
        }
        dst.put(key, dstSlice);
      }
      if (dstHas && !Conv.empty(d)) {
        if (s instanceof List) {
          continue;
        }
        if (s instanceof Map && d instanceof Map) {
          continue;
        }
      }
      if (overwrite || !dstHas || Conv.empty(d)) {
        dst.put(key, s);
      }
    }
  }

  /** copystructure.Copy over template values. */
  @SuppressWarnings("unchecked")
  static Object deepCopy(Object v) {
    if (v instanceof Map) {
      Map<String, Object> r = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        r.put(e.getKey(), deepCopy(e.getValue()));
      }
      return r;
    }
    if (v instanceof List) {
      List<Object> r = new ArrayList<>(((List<Object>) v).size());
      for (Object o : (List<Object>) v) {
        r.add(deepCopy(o));
      }
      return r;
    }
    if (v instanceof byte[]) {
      return ((byte[]) v).clone();
    }
    return v;
  }
}

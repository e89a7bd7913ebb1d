package io.capstan.kustomize.engine.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.SharedText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strategic merge of a patch into an object, with kustomize's (kyaml merge2) semantics: maps merge
 * recursively and {@code null} deletes; lists with merge keys in the schema merge element by key
 * (patched elements first), primitive merge lists take the union, other lists are replaced; {@code
 * $patch: delete|replace|merge} directives apply to maps, list elements and whole lists.
 */
public final class StrategicMerge {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private StrategicMerge() {}

  /** Merges {@code patch} into {@code dest}; returns the result, or null when it was deleted. */
  public static JsonNode merge(JsonNode dest, JsonNode patch, SchemaNode schema) {
    return walk(dest, patch == null ? null : patch.deepCopy(), schema);
  }

  private static boolean missingOrNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  private static JsonNode walk(JsonNode d, JsonNode p, SchemaNode s) {
    JsonNode first = !missingOrNull(d) ? d : (!missingOrNull(p) ? p : null);
    if (first == null) {
      // both empty: walk as maps (yields the origin, i.e. null or absent)
      if (p != null && p.isNull()) {
        return null;
      }
      return d != null && !d.isNull() ? d : null;
    }
    if (first.isObject()) {
      if (!missingOrNull(p) && !p.isObject() || !missingOrNull(d) && !d.isObject()) {
        return p;
      }
      return walkMap((ObjectNode) d, p, s);
    }
    if (first.isArray()) {
      if (!missingOrNull(p) && !p.isArray() || !missingOrNull(d) && !d.isArray()) {
        return p;
      }
      if (s != null && s.associative()) {
        return walkAssociative((ArrayNode) d, p, s);
      }
      return p != null ? p : d;
    }
    return p != null ? p : d;
  }

  private static String directive(JsonNode p) {
    if (p instanceof ObjectNode o && o.has("$patch")) {
      String v = Resource.text(o.remove("$patch"));
      return v;
    }
    if (p instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode e = a.get(i);
        if (e instanceof ObjectNode o && o.has("$patch") && o.size() == 1) {
          a.remove(i);
          return Resource.text(o.get("$patch"));
        }
      }
    }
    return "";
  }

  private static JsonNode walkMap(ObjectNode d, JsonNode p, SchemaNode s) {
    ObjectNode dest;
    if (missingOrNull(d)) {
      if (p instanceof ObjectNode po && "delete".equals(Resource.text(po.get("$patch")))) {
        return null;
      }
      if (p instanceof ObjectNode po) {
        po.remove("$patch");
        dest = po;
      } else {
        return null;
      }
    } else if (p != null && p.isNull()) {
      return null;
    } else {
      String dir = directive(p);
      switch (dir) {
        case "delete":
          return null;
        case "replace":
          dest = (ObjectNode) p;
          break;
        default:
          dest = d;
      }
    }
    ObjectNode patch = p instanceof ObjectNode po ? po : null;
    Set<String> keys = new TreeSet<>();
    dest.fieldNames().forEachRemaining(keys::add);
    if (patch != null) {
      patch.fieldNames().forEachRemaining(keys::add);
    }
    for (String key : keys) {
      SchemaNode fs = s == null ? null : s.field(key);
      JsonNode dv = dest.get(key);
      JsonNode pv = patch == null ? null : patch.get(key);
      if (patch == dest) {
        dv = pv;
      }
      JsonNode val = walk(dv, pv, fs);
      if (val == null || val.isNull()) {
        dest.remove(key);
      } else {
        dest.set(key, SharedText.assign(dv, val));
      }
    }
    return dest;
  }

  private static JsonNode walkAssociative(ArrayNode d, JsonNode p, SchemaNode s) {
    ArrayNode dest;
    if (missingOrNull(d)) {
      dest = (ArrayNode) p;
      directive(dest);
      d = dest;
    } else if (p != null && p.isNull()) {
      return null;
    } else {
      String dir = directive(p);
      switch (dir) {
        case "delete":
          return null;
        case "replace":
          return p;
        default:
          dest = d;
      }
    }
    ArrayNode patch = p instanceof ArrayNode pa ? pa : null;
    if (patch == dest) {
      patch = null;
    }
    List<String> keys = s.keys();
    SchemaNode es = s.elements();
    if (keys.isEmpty()) {
      LinkedHashSet<String> seen = new LinkedHashSet<>();
      ArrayNode out = F.arrayNode();
      for (ArrayNode src : new ArrayNode[] {patch, dest}) {
        if (src == null) {
          continue;
        }
        for (JsonNode e : src) {
          if (seen.add(e.asText())) {
            out.add(e);
          }
        }
      }
      return out;
    }
    List<List<String>> values = new ArrayList<>();
    for (ArrayNode src : new ArrayNode[] {patch, dest}) {
      if (src == null) {
        continue;
      }
      for (JsonNode e : src) {
        List<String> v = new ArrayList<>();
        for (String k : keys) {
          v.add(Resource.text(e.get(k)));
        }
        if (!values.contains(v)) {
          values.add(v);
        }
      }
    }
    if (keys.size() > 1) {
      mergeValues(values);
    }
    ArrayNode items = F.arrayNode();
    List<String> validKeys = keys;
    for (List<String> v : values) {
      List<String>[] kv = validate(values, v, keys);
      validKeys = kv[0];
      List<String> validValues = kv[1];
      List<String>[] kv2 = validate(List.of(validValues), validValues, validKeys);
      JsonNode de = find(dest, kv2[0], kv2[1]);
      JsonNode pe = patch == null ? null : find(patch, kv2[0], kv2[1]);
      JsonNode val = walk(de, pe, es);
      if (val == null || val.isNull() || (val.isObject() && val.size() == 0)) {
        removeMatching(dest, validKeys, validValues);
        continue;
      }
      if (val instanceof ObjectNode vo) {
        for (int i = 0; i < validKeys.size(); i++) {
          if (!vo.has(validKeys.get(i)) && !validValues.get(i).isEmpty()) {
            vo.set(validKeys.get(i), TextNode.valueOf(validValues.get(i)));
          }
        }
      }
      setElements(items, val, validKeys, validValues);
    }
    if (!values.isEmpty()) {
      appendElements(items, dest, validKeys);
    }
    return values.isEmpty() ? dest : items;
  }

  private static void mergeValues(List<List<String>> values) {
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.size(); j++) {
        List<String> m = match(values.get(i), values.get(j));
        if (m != null) {
          values.set(i, m);
          values.set(j, m);
        }
      }
    }
  }

  private static List<String> match(List<String> a, List<String> b) {
    boolean common = false;
    List<String> res = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals(b.get(i))) {
        common = true;
        res.add(a.get(i));
        continue;
      }
      if (!a.get(i).isEmpty() && !b.get(i).isEmpty()) {
        return null;
      }
      res.add(a.get(i).isEmpty() ? b.get(i) : a.get(i));
    }
    return common ? res : null;
  }

  @SuppressWarnings("unchecked")
  private static List<String>[] validate(
      List<List<String>> all, List<String> values, List<String> keys) {
    Set<String> valid = new LinkedHashSet<>();
    for (List<String> vs : all) {
      for (int i = 0; i < vs.size(); i++) {
        if (!vs.get(i).isEmpty()) {
          valid.add(keys.get(i));
        }
      }
    }
    if (valid.isEmpty()) {
      return new List[] {keys, values};
    }
    List<String> vk = new ArrayList<>();
    List<String> vv = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (valid.contains(keys.get(i))) {
        vk.add(keys.get(i));
      }
    }
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isEmpty() || valid.contains(keys.get(i))) {
        vv.add(values.get(i));
      }
    }
    return new List[] {vk, vv};
  }

  /**
   * kyaml's {@code appendListNode}: the destination's elements go after the merged ones; an element
   * without a merge key is appended and then, as kyaml's {@code ElementSetter} with no values does,
   * replaces everything before it (kustomize v5.5's behaviour for keyless items).
   */
  private static void appendElements(ArrayNode items, ArrayNode dest, List<String> keys) {
    for (JsonNode e : dest.deepCopy()) {
      List<String> v = new ArrayList<>();
      for (String k : keys) {
        if (e.get(k) == null || e.get(k).isNull()) {
          items.add(e);
          continue;
        }
        v.add(Resource.text(e.get(k)));
      }
      if (keys.size() > 1) {
        setElements(items, null, keys, v);
      }
      setElements(items, e, keys, v);
    }
  }

  /**
   * kyaml's {@code MatchField} as used by {@code ElementMatcher}: the field must be present with
   * exactly this scalar value (so an element without the key never matches, not even "").
   */
  private static JsonNode find(ArrayNode a, List<String> keys, List<String> values) {
    for (JsonNode e : a) {
      if (!e.isObject()) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < keys.size(); i++) {
        JsonNode f = e.get(keys.get(i));
        if (f == null || !Resource.text(f).equals(values.get(i))) {
          all = false;
          break;
        }
      }
      if (all) {
        return e;
      }
    }
    return null;
  }

  private static void removeMatching(ArrayNode a, List<String> keys, List<String> values) {
    setElements(a, null, keys, values);
  }

  /**
   * kyaml's {@code ElementSetter}: every element matching all keys with a value (an empty value
   * matches any element that has the key) is replaced by {@code e} (removed when {@code e} is
   * null); null and empty-map elements are dropped; with fewer values than keys the remaining keys
   * are not checked, and with no values nothing matches and every mapping element is dropped. When
   * nothing matched, {@code e} is appended.
   */
  private static void setElements(ArrayNode a, JsonNode e, List<String> keys, List<String> values) {
    List<JsonNode> out = new ArrayList<>();
    boolean matched = false;
    for (JsonNode elem : a) {
      if (elem == null || elem.isNull() || (elem.isObject() && elem.isEmpty())) {
        continue;
      }
      if (!elem.isObject()) {
        out.add(elem);
        continue;
      }
      boolean found = !values.isEmpty();
      for (int j = 0; j < keys.size() && j < values.size(); j++) {
        JsonNode f = elem.get(keys.get(j));
        String want = values.get(j);
        if (f == null || (!want.isEmpty() && !Resource.text(f).equals(want))) {
          found = false;
          break;
        }
      }
      if (!found) {
        if (!values.isEmpty()) {
          out.add(elem);
        }
        continue;
      }
      matched = true;
      if (e != null) {
        out.add(e);
      }
    }
    a.removeAll();
    out.forEach(a::add);
    if (e != null && !matched) {
      a.add(e);
    }
  }
}

package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.yaml.SharedText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Legacy {@code vars}: resolves each var from the field of the object it names (followed through
 * renames) and expands {@code $(VAR)} in the var-reference fields ({@code $$} escapes a dollar; a
 * value that is exactly one reference takes the var's type).
 */
public final class VarResolver implements Transformer {
  private final List<JsonNode> vars;
  private final List<FieldSpec> specs;

  /** Creates the resolver for declared vars and the varReference field specs. */
  public VarResolver(List<JsonNode> vars, List<FieldSpec> specs) {
    this.vars = vars;
    this.specs = specs;
  }

  @Override
  public void transform(ResourceMap m) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (JsonNode v : vars) {
      String name = Resource.text(v.get("name"));
      List<Resource> matched = m.filter(r -> r.refVarNames().contains(name));
      if (matched.size() > 1) {
        throw new KustomizeException(
            "found "
                + matched.size()
                + " resId matches for var "
                + name
                + " (unable to disambiguate)");
      }
      if (matched.isEmpty()) {
        throw new KustomizeException(
            "var '" + name + "' cannot be mapped to a field in the set of known resources");
      }
      String fp = Resource.text(v.path("fieldref").get("fieldPath"));
      if (fp.isEmpty()) {
        fp = "metadata.name";
      }
      JsonNode value = fieldValue(matched.get(0).obj(), fp);
      if (value == null || value.isContainerNode()) {
        throw new KustomizeException(
            "field specified in var '" + name + "' not found in corresponding resource");
      }
      values.put(name, value);
    }
    if (values.isEmpty()) {
      return;
    }
    for (Resource r : m.resources()) {
      for (FieldSpec fs : specs) {
        if (!r.gvk().isSelected(fs.gvk())) {
          continue;
        }
        FieldWalker.apply(r.obj(), fs.path(), false, FieldWalker.Create.NONE, n -> set(n, values));
      }
    }
  }

  static JsonNode fieldValue(JsonNode obj, String path) {
    JsonNode cur = obj;
    for (String part : path.split("\\.")) {
      String field = part;
      List<Integer> idx = new ArrayList<>();
      while (field.endsWith("]") && field.contains("[")) {
        int b = field.lastIndexOf('[');
        idx.add(0, Integer.parseInt(field.substring(b + 1, field.length() - 1)));
        field = field.substring(0, b);
      }
      if (!field.isEmpty()) {
        cur = cur == null ? null : cur.get(field);
      }
      for (int i : idx) {
        cur = cur == null ? null : cur.get(i);
      }
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  private static JsonNode set(JsonNode n, Map<String, JsonNode> values) {
    if (n == null || n.isNull()) {
      return n;
    }
    if (n.isTextual()) {
      return expand(n.asText(), values);
    }
    if (n instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          e.setValue(SharedText.assign(e.getValue(), expand(e.getValue().asText(), values)));
        }
      }
      return o;
    }
    if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (!a.get(i).isTextual()) {
          throw new KustomizeException("invalid value type expect a string");
        }
        a.set(i, SharedText.assign(a.get(i), expand(a.get(i).asText(), values)));
      }
    }
    return n;
  }

  /** Kubernetes-style expansion of $(VAR) references. */
  static JsonNode expand(String in, Map<String, JsonNode> values) {
    StringBuilder out = new StringBuilder();
    JsonNode single = null;
    int refs = 0;
    boolean literal = false;
    int i = 0;
    while (i < in.length()) {
      char c = in.charAt(i);
      if (c == '$' && i + 1 < in.length()) {
        char n = in.charAt(i + 1);
        if (n == '$') {
          out.append('$');
          literal = true;
          i += 2;
          continue;
        }
        if (n == '(') {
          int close = in.indexOf(')', i + 2);
          if (close > 0) {
            String name = in.substring(i + 2, close);
            JsonNode v = values.get(name);
            if (v != null) {
              out.append(v.asText());
              single = v;
              refs++;
            } else {
              out.append("$(").append(name).append(')');
              literal = true;
            }
            i = close + 1;
            continue;
          }
        }
      }
      out.append(c);
      literal = true;
      i++;
    }
    if (refs == 1 && !literal) {
      return single.deepCopy();
    }
    return TextNode.valueOf(out.toString());
  }
}

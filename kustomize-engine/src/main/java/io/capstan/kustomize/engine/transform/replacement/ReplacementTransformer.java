package io.capstan.kustomize.engine.transform.replacement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.LabelSelector;
import io.capstan.kustomize.engine.resource.ResId;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.transform.Transformer;
import io.capstan.kustomize.engine.yaml.ScalarResolver;
import io.capstan.kustomize.engine.yaml.SharedText;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code replacements:}: copies a value (whole or one delimited part) from a source field to target
 * fields of selected resources. Scalars keep the target's type; delimiter/index options splice into
 * a delimited target; create makes missing target fields.
 */
public final class ReplacementTransformer implements Transformer {
  private final List<JsonNode> replacements;

  private ReplacementTransformer(List<JsonNode> replacements) {
    this.replacements = replacements;
  }

  /** Reads inline replacements and {@code path:} entries (a file with one or a list). */
  public static ReplacementTransformer of(List<JsonNode> entries, Function<String, String> load) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : entries) {
      String path = Resource.text(e.get("path"));
      if (!path.isEmpty()) {
        if (e.has("source") || e.has("targets")) {
          throw new KustomizeException("cannot specify both path and inline replacement");
        }
        JsonNode doc = YamlReader.readOne(load.apply(path), path);
        if (doc == null) {
          continue;
        }
        if (doc.isArray()) {
          doc.forEach(out::add);
        } else {
          out.add(doc);
        }
      } else {
        out.add(e);
      }
    }
    return new ReplacementTransformer(out);
  }

  @Override
  public void transform(ResourceMap m) {
    for (JsonNode r : replacements) {
      JsonNode source = r.get("source");
      JsonNode targets = r.get("targets");
      if (source == null || targets == null) {
        throw new KustomizeException("replacements must specify a source and at least one target");
      }
      JsonNode value = sourceValue(m, source);
      for (JsonNode t : targets) {
        applyTarget(m, t, value);
      }
    }
  }

  private static ResId selectorId(JsonNode s) {
    return new ResId(
        new Gvk(
            Resource.text(s.get("group")),
            Resource.text(s.get("version")),
            Resource.text(s.get("kind"))),
        Resource.text(s.get("name")),
        Resource.text(s.get("namespace")));
  }

  private static boolean selectedBy(ResId id, ResId sel) {
    return (sel.name().isEmpty() || sel.name().equals(id.name()))
        && (sel.namespace().isEmpty() || sel.effectiveNamespace().equals(id.effectiveNamespace()))
        && id.gvk().isSelected(sel.gvk());
  }

  private static boolean idEmpty(ResId id) {
    return id.name().isEmpty()
        && id.namespace().isEmpty()
        && id.gvk().group().isEmpty()
        && id.gvk().version().isEmpty()
        && id.gvk().kind().isEmpty();
  }

  private JsonNode sourceValue(ResourceMap m, JsonNode source) {
    ResId sel = selectorId(source);
    Resource match = null;
    for (Resource r : m.resources()) {
      if (r.allIds().stream().anyMatch(id -> selectedBy(id, sel))) {
        if (match != null) {
          throw new KustomizeException("multiple matches for selector " + sel);
        }
        match = r;
      }
    }
    if (match == null) {
      throw new KustomizeException("nothing selected by " + sel);
    }
    String fp = Resource.text(source.get("fieldPath"));
    if (fp.isEmpty()) {
      fp = "metadata.name";
    }
    List<DotPath.Slot> slots = DotPath.find(match.obj(), DotPath.split(fp), false, false);
    JsonNode v = slots.isEmpty() ? null : slots.get(0).get();
    if (v == null || v.isNull() || (v.isContainerNode() && v.size() == 0)) {
      throw new KustomizeException(
          "fieldPath `" + fp + "` is missing for replacement source " + sel);
    }
    JsonNode opts = source.get("options");
    String delim = opts == null ? "" : Resource.text(opts.get("delimiter"));
    if (!delim.isEmpty()) {
      if (!v.isValueNode()) {
        throw new KustomizeException("delimiter option can only be used with scalar nodes");
      }
      String[] parts = v.asText().split(java.util.regex.Pattern.quote(delim), -1);
      int index = opts.path("index").asInt(0);
      if (index < 0 || index >= parts.length) {
        throw new KustomizeException(
            "options.index " + index + " is out of bounds for value " + v.asText());
      }
      return TextNode.valueOf(parts[index]);
    }
    return v.deepCopy();
  }

  private void applyTarget(ResourceMap m, JsonNode t, JsonNode value) {
    JsonNode select = t.get("select");
    if (select == null || select.isNull()) {
      throw new KustomizeException("target must specify resources to select");
    }
    List<String> fieldPaths = new ArrayList<>();
    JsonNode fps = t.get("fieldPaths");
    if (fps != null && fps.isArray()) {
      fps.forEach(f -> fieldPaths.add(Resource.text(f)));
    }
    if (fieldPaths.isEmpty()) {
      fieldPaths.add("metadata.name");
    }
    ResId sel = selectorId(select);
    List<JsonNode> rejects = new ArrayList<>();
    JsonNode rej = t.get("reject");
    if (rej != null && rej.isArray()) {
      rej.forEach(rejects::add);
    }
    JsonNode opts = t.get("options");
    for (Resource r : m.resources()) {
      if (!labelsMatch(r, select)) {
        continue;
      }
      boolean rejectedByLabels = false;
      for (JsonNode rj : rejects) {
        if (Resource.text(rj.get("labelSelector")).isEmpty()
            && Resource.text(rj.get("annotationSelector")).isEmpty()) {
          continue;
        }
        if (labelsMatch(r, rj)) {
          rejectedByLabels = true;
        }
      }
      if (rejectedByLabels) {
        continue;
      }
      List<ResId> ids = r.allIds();
      if (ids.stream().anyMatch(id -> selectedBy(id, sel))
          && ids.stream().noneMatch(id -> rejected(rejects, id))) {
        copy(r, value, fieldPaths, opts);
      }
    }
  }

  private static boolean labelsMatch(Resource r, JsonNode s) {
    return LabelSelector.parse(Resource.text(s.get("labelSelector"))).matches(r.labels())
        && LabelSelector.parse(Resource.text(s.get("annotationSelector"))).matches(r.annotations());
  }

  private static boolean rejected(List<JsonNode> rejects, ResId id) {
    for (JsonNode rj : rejects) {
      ResId rid = selectorId(rj);
      if (!idEmpty(rid) && selectedBy(id, rid)) {
        return true;
      }
    }
    return false;
  }

  private static void copy(Resource r, JsonNode value, List<String> fieldPaths, JsonNode opts) {
    boolean create = opts != null && opts.path("create").asBoolean(false);
    for (String fp : fieldPaths) {
      List<DotPath.Slot> slots =
          DotPath.find(r.obj(), DotPath.split(fp), create, value.isValueNode());
      if (slots.isEmpty()) {
        throw new KustomizeException(
            (create ? "unable to find or create field \"" : "unable to find field \"")
                + fp
                + "\" in replacement target "
                + r.curId());
      }
      for (DotPath.Slot s : slots) {
        s.set(SharedText.assign(s.get(), newValue(s.created() ? null : s.get(), value, opts)));
      }
    }
  }

  private static JsonNode newValue(JsonNode target, JsonNode value, JsonNode opts) {
    JsonNode v = value.deepCopy();
    String delim = opts == null ? "" : Resource.text(opts.get("delimiter"));
    if (!delim.isEmpty()) {
      if (target != null && !target.isValueNode()) {
        throw new KustomizeException("delimiter option can only be used with scalar nodes");
      }
      String tv = target == null || target.isNull() ? "" : target.asText();
      List<String> parts =
          new ArrayList<>(List.of(tv.split(java.util.regex.Pattern.quote(delim), -1)));
      int index = opts.path("index").asInt(0);
      String s = v.asText();
      if (index < 0) {
        parts.add(0, s);
      } else if (index >= parts.size()) {
        parts.add(s);
      } else {
        parts.set(index, s);
      }
      v = TextNode.valueOf(String.join(delim, parts));
    }
    if ((target == null || target.isNull()) && v.isValueNode() && !v.isNull()) {
      return ScalarResolver.resolvePlain(v.asText());
    }
    if (target != null && target.isValueNode() && !target.isNull() && v.isValueNode()) {
      String text = v.asText();
      if (target.isTextual()) {
        return TextNode.valueOf(text);
      }
      JsonNode typed = ScalarResolver.resolvePlain(text);
      if (typed.isNumber() && target.isNumber() || typed.isBoolean() && target.isBoolean()) {
        return typed;
      }
      return TextNode.valueOf(text);
    }
    return v;
  }
}

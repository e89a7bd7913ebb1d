package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kustomize reads kustomization files with Go's JSON decoder, which matches field names without
 * regard to case ({@code nameprefix} is {@code namePrefix}). This restores the canonical spelling
 * of the structured fields; free-form maps (labels, annotations) are left alone.
 */
final class FieldNames {
  private static final Map<String, List<String>> STRUCTS = new HashMap<>();
  private static final Map<String, Map<String, String>> CHILDREN = new HashMap<>();

  static {
    struct(
        "",
        "apiVersion",
        "kind",
        "metadata",
        "openapi",
        "namePrefix",
        "nameSuffix",
        "namespace",
        "commonLabels",
        "labels",
        "commonAnnotations",
        "patchesStrategicMerge",
        "patchesJson6902",
        "patches",
        "images",
        "imageTags",
        "replacements",
        "replicas",
        "vars",
        "sortOptions",
        "resources",
        "components",
        "crds",
        "bases",
        "configMapGenerator",
        "secretGenerator",
        "helmGlobals",
        "helmCharts",
        "helmChartInflationGenerator",
        "generatorOptions",
        "configurations",
        "generators",
        "transformers",
        "validators",
        "buildMetadata");
    struct("vars", "name", "objref", "fieldref");
    struct("objref", "apiVersion", "kind", "name", "namespace", "group", "version");
    struct("fieldref", "fieldPath");
    struct(
        "generator",
        "name",
        "namespace",
        "behavior",
        "files",
        "literals",
        "envs",
        "env",
        "options",
        "type");
    struct("options", "labels", "annotations", "disableNameSuffixHash", "immutable");
    struct("patches", "path", "patch", "target", "options");
    // PatchTransformer plugin config: metadata is read as a resource, the rest as Go JSON.
    struct(
        "PatchTransformer", "apiVersion", "kind", "metadata", "path", "patch", "target", "options");
    struct(
        "target",
        "group",
        "version",
        "kind",
        "name",
        "namespace",
        "labelSelector",
        "annotationSelector");
    struct("images", "name", "newName", "newTag", "digest", "tagSuffix");
    struct("replicas", "name", "count");
    struct("labels", "pairs", "includeSelectors", "includeTemplates", "fields");
    struct("sortOptions", "order", "legacySortOptions");
    struct("legacySortOptions", "orderFirst", "orderLast");
    child("", "vars", "vars");
    child("vars", "objref", "objref");
    child("vars", "fieldref", "fieldref");
    child("", "configMapGenerator", "generator");
    child("", "secretGenerator", "generator");
    child("generator", "options", "options");
    child("", "generatorOptions", "options");
    child("", "patches", "patches");
    child("", "patchesJson6902", "patches");
    child("patches", "target", "target");
    child("PatchTransformer", "target", "target");
    child("", "images", "images");
    child("", "imageTags", "images");
    child("", "replicas", "replicas");
    child("", "labels", "labels");
    child("", "sortOptions", "sortOptions");
    child("sortOptions", "legacySortOptions", "legacySortOptions");
  }

  private FieldNames() {}

  /** The fields a kustomization file may have at its top level, in kustomize's spelling. */
  static Set<String> topLevel() {
    return Set.copyOf(STRUCTS.get(""));
  }

  private static void struct(String name, String... fields) {
    STRUCTS.put(name, List.of(fields));
  }

  private static void child(String parent, String field, String struct) {
    CHILDREN.computeIfAbsent(parent, k -> new HashMap<>()).put(field, struct);
  }

  /** A copy of {@code n} whose fields matching {@code names} ignoring case use those spellings. */
  static JsonNode lowerCaseAliases(JsonNode n, String... names) {
    if (!(n instanceof ObjectNode o)) {
      return n;
    }
    ObjectNode c = o.deepCopy();
    for (String key : iterable(o)) {
      for (String k : names) {
        if (!k.equals(key) && k.equalsIgnoreCase(key) && !c.has(k)) {
          c.set(k, c.remove(key));
        }
      }
    }
    return c;
  }

  static void canonicalize(ObjectNode doc) {
    fix(doc, "");
  }

  /**
   * A copy of a builtin plugin's config with its fields in canonical spelling, as Go's decoder
   * reads them (kinds without a table entry are returned unchanged).
   */
  static ObjectNode canonicalizePlugin(ObjectNode cfg, String kind) {
    if (!STRUCTS.containsKey(kind)) {
      return cfg;
    }
    ObjectNode c = cfg.deepCopy();
    fix(c, kind);
    return c;
  }

  private static void fix(ObjectNode o, String struct) {
    List<String> known = STRUCTS.getOrDefault(struct, List.of());
    for (String key : new ArrayList<>(iterable(o))) {
      if (known.contains(key)) {
        continue;
      }
      for (String k : known) {
        if (k.equalsIgnoreCase(key) && !o.has(k)) {
          JsonNode v = o.remove(key);
          o.set(k, v);
          break;
        }
      }
    }
    Map<String, String> kids = CHILDREN.getOrDefault(struct, Map.of());
    kids.forEach(
        (field, childStruct) -> {
          JsonNode v = o.get(field);
          if (v instanceof ObjectNode c) {
            fix(c, childStruct);
          } else if (v != null && v.isArray()) {
            for (JsonNode e : v) {
              if (e instanceof ObjectNode c) {
                fix(c, childStruct);
              }
            }
          }
        });
  }

  private static List<String> iterable(ObjectNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}

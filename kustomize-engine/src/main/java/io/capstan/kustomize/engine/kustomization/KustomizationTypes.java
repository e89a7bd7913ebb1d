package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.KustomizeException;
import java.util.List;

/**
 * Type checks of a kustomization's fields, as Go's strict decoding does them: a number or boolean
 * where a string is expected (a label value, an image tag) is an error, not silently converted.
 */
final class KustomizationTypes {
  private static final List<String> STRINGS = List.of("namePrefix", "nameSuffix", "namespace");
  private static final List<String> STRING_MAPS = List.of("commonLabels", "commonAnnotations");
  private static final List<String> STRING_LISTS =
      List.of(
          "resources",
          "components",
          "crds",
          "configurations",
          "generators",
          "transformers",
          "validators",
          "patchesStrategicMerge",
          "buildMetadata");

  private KustomizationTypes() {}

  static void check(JsonNode doc, String source) {
    STRINGS.forEach(f -> string(doc.get(f), "Kustomization." + f, source));
    STRING_MAPS.forEach(f -> stringMap(doc.get(f), "Kustomization." + f, source));
    STRING_LISTS.forEach(f -> stringList(doc.get(f), "Kustomization." + f, source));
    for (String g : List.of("configMapGenerator", "secretGenerator")) {
      for (JsonNode a : iter(doc.get(g))) {
        for (String f : List.of("name", "namespace", "behavior", "type")) {
          string(a.get(f), g + "." + f, source);
        }
        for (String f : List.of("literals", "files", "envs")) {
          stringList(a.get(f), g + "." + f, source);
        }
        stringMap(a.path("options").get("labels"), g + ".options.labels", source);
        stringMap(a.path("options").get("annotations"), g + ".options.annotations", source);
      }
    }
    JsonNode go = doc.get("generatorOptions");
    if (go != null) {
      stringMap(go.get("labels"), "GeneratorOptions.labels", source);
      stringMap(go.get("annotations"), "GeneratorOptions.annotations", source);
    }
    for (JsonNode i : iter(doc.get("images"))) {
      for (String f : List.of("name", "newName", "newTag", "digest", "tagSuffix")) {
        string(i.get(f), "Image.images." + f, source);
      }
    }
    for (JsonNode l : iter(doc.get("labels"))) {
      stringMap(l.get("pairs"), "Label.labels.pairs", source);
    }
    for (JsonNode p : iter(doc.get("patches"))) {
      string(p.get("path"), "Patch.patches.path", source);
      string(p.get("patch"), "Patch.patches.patch", source);
    }
  }

  private static Iterable<JsonNode> iter(JsonNode n) {
    return n != null && n.isArray() ? n : List.of();
  }

  private static void string(JsonNode n, String field, String source) {
    if (n != null && !n.isNull() && !n.isTextual()) {
      String type =
          n.isNumber() ? "number" : n.isBoolean() ? "bool" : n.isArray() ? "array" : "object";
      throw new KustomizeException(
          "invalid Kustomization "
              + source
              + ": json: cannot unmarshal "
              + type
              + " into Go struct field "
              + field
              + " of type string");
    }
  }

  private static void stringMap(JsonNode n, String field, String source) {
    if (n != null && n.isObject()) {
      n.fields().forEachRemaining(e -> string(e.getValue(), field, source));
    }
  }

  private static void stringList(JsonNode n, String field, String source) {
    for (JsonNode e : iter(n)) {
      string(e, field, source);
    }
  }
}

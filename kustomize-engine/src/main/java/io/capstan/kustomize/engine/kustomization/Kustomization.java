package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed kustomization file ({@code kustomization.yaml}, {@code .yml} or {@code Kustomization}):
 * unknown fields are rejected, legacy fields ({@code bases}, {@code imageTags}, generator {@code
 * env}) are folded into their current form, and apiVersion/kind are checked.
 */
public final class Kustomization {
  /** File names recognized as a kustomization, in kustomize's order. */
  public static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  static final String KUSTOMIZATION_VERSION = "kustomize.config.k8s.io/v1beta1";
  static final String COMPONENT_VERSION = "kustomize.config.k8s.io/v1alpha1";

  private static final Set<String> FIELDS = FieldNames.topLevel();

  private final ObjectNode doc;
  private final String fileName;

  private Kustomization(ObjectNode doc, String fileName) {
    this.doc = doc;
    this.fileName = fileName;
  }

  /** Finds and parses the kustomization file of a root. */
  public static Kustomization load(FileLoader ldr) {
    String found = null;
    int count = 0;
    for (String f : FILE_NAMES) {
      if (ldr.isFile(f)) {
        found = f;
        count++;
      }
    }
    if (count == 0) {
      throw new KustomizeException(
          "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization'"
              + " in directory '"
              + ldr.root()
              + "'");
    }
    if (count > 1) {
      throw new KustomizeException("Found multiple kustomization files under: " + ldr.root());
    }
    String source = ldr.root().resolve(found).toString();
    return parse(ldr.load(found), source, found);
  }

  /** Parses kustomization text; {@code source} is used in messages. */
  public static Kustomization parse(String text, String source, String fileName) {
    List<JsonNode> docs = YamlReader.readAll(text, source, YamlReader.Mode.CONFIG);
    JsonNode root = docs.stream().filter(d -> d != null && !d.isNull()).findFirst().orElse(null);
    if (root == null) {
      throw new KustomizeException("kustomization file is empty: " + source);
    }
    if (!root.isObject()) {
      throw new KustomizeException("kustomization file " + source + " must be a YAML map");
    }
    ObjectNode doc = (ObjectNode) root;
    FieldNames.canonicalize(doc);
    KustomizationTypes.check(doc, source);
    for (var it = doc.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new KustomizeException(
            "invalid Kustomization: json: unknown field \"" + f + "\" in " + source);
      }
    }
    fix(doc);
    String kind = Resource.text(doc.get("kind"));
    String apiVersion = Resource.text(doc.get("apiVersion"));
    if (!kind.equals("Kustomization") && !kind.equals("Component")) {
      throw new KustomizeException(
          "Failed to read kustomization file "
              + source
              + ": kind should be Kustomization or Component");
    }
    String required = kind.equals("Component") ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
    if (!apiVersion.equals(required)) {
      throw new KustomizeException(
          "Failed to read kustomization file "
              + source
              + ": apiVersion for "
              + kind
              + " should be "
              + required);
    }
    return new Kustomization(doc, fileName);
  }

  private static void fix(ObjectNode doc) {
    if (Resource.text(doc.get("kind")).isEmpty()) {
      doc.put("kind", "Kustomization");
    }
    if (Resource.text(doc.get("apiVersion")).isEmpty()) {
      doc.put(
          "apiVersion",
          doc.get("kind").asText().equals("Component") ? COMPONENT_VERSION : KUSTOMIZATION_VERSION);
    }
    JsonNode bases = doc.remove("bases");
    if (bases != null && bases.isArray() && bases.size() > 0) {
      ArrayNode res = doc.get("resources") instanceof ArrayNode a ? a : doc.putArray("resources");
      bases.forEach(res::add);
    }
    JsonNode tags = doc.remove("imageTags");
    if (tags != null && tags.isArray()) {
      ArrayNode images = doc.get("images") instanceof ArrayNode a ? a : doc.putArray("images");
      tags.forEach(images::add);
    }
    for (String g : List.of("configMapGenerator", "secretGenerator")) {
      for (JsonNode gen : list(doc, g)) {
        if (gen instanceof ObjectNode o && o.hasNonNull("env")) {
          ArrayNode envs = o.get("envs") instanceof ArrayNode a ? a : o.putArray("envs");
          envs.add(o.remove("env"));
        }
      }
    }
  }

  private static List<JsonNode> list(JsonNode doc, String field) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode n = doc.get(field);
    if (n != null && n.isArray()) {
      n.forEach(out::add);
    }
    return out;
  }

  /** The whole document (after legacy fixes). */
  public ObjectNode doc() {
    return doc;
  }

  /** The file name that was read (e.g. kustomization.yaml). */
  public String fileName() {
    return fileName;
  }

  /** True for kind Component. */
  public boolean isComponent() {
    return "Component".equals(Resource.text(doc.get("kind")));
  }

  /** A string field, "" when absent. */
  public String string(String field) {
    return Resource.text(doc.get(field));
  }

  /** A list field (empty when absent). */
  public List<JsonNode> nodes(String field) {
    return list(doc, field);
  }

  /** A list of strings (empty when absent). */
  public List<String> strings(String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list(doc, field)) {
      out.add(Resource.text(n));
    }
    return out;
  }

  /** A string map (empty when absent), values as text. */
  public Map<String, String> stringMap(String field) {
    Map<String, String> m = new LinkedHashMap<>();
    JsonNode n = doc.get(field);
    if (n != null && n.isObject()) {
      n.fields().forEachRemaining(e -> m.put(e.getKey(), Resource.text(e.getValue())));
    }
    return m;
  }

  /** A raw field (may be null). */
  public JsonNode get(String field) {
    return doc.get(field);
  }

  /** An empty object node, for building plugin configs. */
  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}

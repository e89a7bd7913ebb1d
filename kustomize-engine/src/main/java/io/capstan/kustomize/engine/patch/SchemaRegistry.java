package io.capstan.kustomize.engine.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Schemas used by strategic merge: the built-in table plus custom OpenAPI documents given with a
 * kustomization's {@code openapi: {path: ...}} field (definitions carrying
 * x-kubernetes-group-version-kind, with $ref, items and the x-kubernetes-patch-* extensions).
 */
public final class SchemaRegistry {
  private final Map<String, SchemaNode> custom = new HashMap<>();
  private boolean customLoaded;
  private boolean locked;

  /** The schema for a kind, or null when none is known. */
  public SchemaNode forGvk(Gvk gvk) {
    if (customLoaded) {
      SchemaNode s = custom.get(gvk.group() + "/" + gvk.version() + "/" + gvk.kind());
      if (s == null) {
        s = custom.get(gvk.group() + "//" + gvk.kind());
      }
      if (s != null) {
        return s;
      }
    }
    return BuiltinSchemas.forKind(gvk.group(), gvk.kind());
  }

  /**
   * Registers the {@code openapi} field of a kustomization (outermost first; later registrations
   * are ignored once a custom schema is set). {@code load} reads a file relative to its root.
   */
  public void register(
      JsonNode openapi, java.util.function.Function<String, String> load, String source) {
    if (openapi == null || !openapi.isObject()) {
      return;
    }
    String path = Resource.text(openapi.get("path"));
    String version = Resource.text(openapi.get("version"));
    if (locked) {
      return;
    }
    if (!version.isEmpty() && path.isEmpty()) {
      if (!version.equals("v1.21.2")) {
        throw new io.capstan.kustomize.engine.KustomizeException(
            "the specified OpenAPI version is not built in: " + version);
      }
      locked = true;
      return;
    }
    if (!path.isEmpty() && !version.isEmpty()) {
      throw new io.capstan.kustomize.engine.KustomizeException(
          "builtin object '" + version + "' and path '" + path + "' cannot both be set in openapi");
    }
    if (path.isEmpty()) {
      return;
    }
    locked = true;
    String text = load.apply(path);
    JsonNode doc = io.capstan.kustomize.engine.yaml.YamlReader.readOne(text, source + ": " + path);
    if (doc != null) {
      addCustom(doc);
      customLoaded = true;
    }
  }

  /** Adds the definitions of a custom OpenAPI document (first registration of a kind wins). */
  public void addCustom(JsonNode doc) {
    JsonNode defs = doc.get("definitions");
    if (defs == null) {
      JsonNode comps = doc.path("components").get("schemas");
      defs = comps;
    }
    if (defs == null || !defs.isObject()) {
      return;
    }
    customLoaded = true;
    Map<String, SchemaNode> built = new HashMap<>();
    JsonNode fdefs = defs;
    defs.fields()
        .forEachRemaining(
            e -> {
              JsonNode gvks = e.getValue().get("x-kubernetes-group-version-kind");
              if (gvks == null || !gvks.isArray()) {
                return;
              }
              SchemaNode s = convert(e.getValue(), fdefs, built, 0);
              for (JsonNode g : gvks) {
                String key =
                    Resource.text(g.get("group"))
                        + "/"
                        + Resource.text(g.get("version"))
                        + "/"
                        + Resource.text(g.get("kind"));
                custom.putIfAbsent(key, s);
                custom.putIfAbsent(
                    Resource.text(g.get("group")) + "//" + Resource.text(g.get("kind")), s);
              }
            });
  }

  private SchemaNode convert(JsonNode n, JsonNode defs, Map<String, SchemaNode> built, int depth) {
    if (n == null || depth > 40) {
      return null;
    }
    JsonNode ref = n.get("$ref");
    if (ref != null) {
      String name = ref.asText().replaceFirst("^#/(definitions|components/schemas)/", "");
      SchemaNode cached = built.get(name);
      if (cached != null) {
        return cached;
      }
      JsonNode target = defs.get(name);
      if (target == null) {
        return BuiltinSchemas.forDefinition(name);
      }
      SchemaNode s = new SchemaNode();
      built.put(name, s);
      fill(s, target, defs, built, depth);
      return s;
    }
    SchemaNode s = new SchemaNode();
    fill(s, n, defs, built, depth);
    return s;
  }

  private void fill(
      SchemaNode s, JsonNode n, JsonNode defs, Map<String, SchemaNode> built, int depth) {
    JsonNode allOf = n.get("allOf");
    if (allOf != null && allOf.isArray() && allOf.size() > 0) {
      SchemaNode inner = convert(allOf.get(0), defs, built, depth + 1);
      if (inner != null) {
        s.properties.putAll(inner.properties);
        s.items = inner.items;
      }
    }
    JsonNode props = n.get("properties");
    if (props != null && props.isObject()) {
      props
          .fields()
          .forEachRemaining(
              e -> s.properties.put(e.getKey(), convert(e.getValue(), defs, built, depth + 1)));
    }
    if (n.has("items")) {
      s.items = convert(n.get("items"), defs, built, depth + 1);
    }
    if (n.has("additionalProperties") && n.get("additionalProperties").isObject()) {
      s.additional = convert(n.get("additionalProperties"), defs, built, depth + 1);
    }
    String strategy = Resource.text(n.get("x-kubernetes-patch-strategy"));
    if (!strategy.isEmpty()) {
      s.strategy = strategy;
      JsonNode mapKeys = n.get("x-kubernetes-list-map-keys");
      String mk = Resource.text(n.get("x-kubernetes-patch-merge-key"));
      if (mapKeys != null && mapKeys.isArray()) {
        List<String> ks = new java.util.ArrayList<>();
        mapKeys.forEach(k -> ks.add(k.asText()));
        s.keys = ks;
      } else if (!mk.isEmpty()) {
        s.keys = List.of(mk);
      }
    }
  }
}

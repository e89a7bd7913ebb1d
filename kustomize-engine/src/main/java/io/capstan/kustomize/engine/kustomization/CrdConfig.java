package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.TransformerConfig;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Transformer configuration derived from the {@code crds:} OpenAPI definition files: properties
 * marked {@code x-kubernetes-object-ref-kind}/{@code -api-version} become name references, so
 * renamed objects are followed into custom resources.
 */
final class CrdConfig {
  private CrdConfig() {}

  static TransformerConfig load(FileLoader ldr, String path) {
    TransformerConfig tc = new TransformerConfig();
    JsonNode defs = YamlReader.readOne(ldr.load(path), ldr.resolve(path).toString());
    if (defs == null || !defs.isObject()) {
      return tc;
    }
    defs.fields()
        .forEachRemaining(
            e -> {
              JsonNode props = schema(e.getValue()).get("properties");
              if (props == null || !props.has("kind") || !props.has("apiVersion")) {
                return;
              }
              String name = e.getKey();
              String kind = name.substring(name.lastIndexOf('.') + 1);
              walk(tc, new Gvk("", "", kind), defs, name, new ArrayList<>(), 0);
            });
    return tc;
  }

  private static JsonNode schema(JsonNode def) {
    JsonNode s = def.get("Schema");
    return s == null ? def : s;
  }

  private static void walk(
      TransformerConfig tc, Gvk owner, JsonNode defs, String type, List<String> path, int depth) {
    JsonNode def = defs.get(type);
    if (def == null || depth > 20) {
      return;
    }
    JsonNode props = schema(def).get("properties");
    if (props == null) {
      return;
    }
    props
        .fields()
        .forEachRemaining(
            p -> {
              JsonNode prop = p.getValue();
              List<String> here = new ArrayList<>(path);
              here.add(p.getKey());
              String version = Resource.text(prop.get("x-kubernetes-object-ref-api-version"));
              String kind = Resource.text(prop.get("x-kubernetes-object-ref-kind"));
              if (!version.isEmpty() && !kind.isEmpty()) {
                String nameKey = Resource.text(prop.get("x-kubernetes-object-ref-name-key"));
                List<String> fp = new ArrayList<>(here);
                fp.add(nameKey.isEmpty() ? "name" : nameKey);
                tc.addBackRef(
                    new Gvk("", version, kind), new FieldSpec(owner, String.join("/", fp), false));
              }
              String ref = Resource.text(prop.get("$ref"));
              if (!ref.isEmpty() && !here.get(here.size() - 1).equals("metadata")) {
                walk(tc, owner, defs, ref, here, depth + 1);
              }
            });
  }
}

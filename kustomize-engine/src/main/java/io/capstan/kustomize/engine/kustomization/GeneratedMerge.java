package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.resource.Resource;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a generated ConfigMap/Secret with behavior merge or replace takes over an existing one. */
final class GeneratedMerge {
  private static final String ORIGIN = "config.kubernetes.io/origin";

  private GeneratedMerge() {}

  /** Labels and annotations merged (new wins), name, namespace and rename history from old. */
  static void copyMeta(Resource r, Resource old) {
    Map<String, String> labels = new LinkedHashMap<>(old.labels());
    labels.putAll(r.labels());
    r.setLabels(labels);
    Map<String, String> annos = new LinkedHashMap<>(old.annotations());
    String origin = old.annotations().get(ORIGIN);
    annos.putAll(r.annotations());
    if (origin != null && r.behavior().equals("merge")) {
      annos.put(ORIGIN, origin);
    }
    r.setAnnotations(annos);
    r.setName(old.name());
    r.setNamespace(old.namespace());
    r.copyBuildMetaFrom(old);
    r.setNeedsHash(r.needsHash() && old.needsHash());
  }

  /** data and binaryData merged, new values winning. */
  static void mergeData(Resource r, Resource old) {
    for (String field : new String[] {"data", "binaryData"}) {
      JsonNode o = old.obj().get(field);
      JsonNode n = r.obj().get(field);
      if (o == null || !o.isObject() || o.size() == 0) {
        continue;
      }
      ObjectNode merged = r.obj().objectNode();
      merged.setAll((ObjectNode) o);
      if (n != null && n.isObject()) {
        merged.setAll((ObjectNode) n);
      }
      r.obj().set(field, merged);
    }
  }
}

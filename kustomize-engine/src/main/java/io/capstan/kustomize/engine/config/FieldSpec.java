package io.capstan.kustomize.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;

/**
 * Where a transformer acts: a slash-separated field path ({@code spec/template/metadata/labels},
 * {@code []} marks a list, {@code \/} escapes a slash) in resources of a Gvk, and whether missing
 * fields are created.
 */
public record FieldSpec(Gvk gvk, String path, boolean create) {
  /** Reads {path, group, version, kind, create}. */
  public static FieldSpec of(JsonNode n) {
    return new FieldSpec(
        new Gvk(
            Resource.text(n.get("group")),
            Resource.text(n.get("version")),
            Resource.text(n.get("kind"))),
        Resource.text(n.get("path")),
        n.path("create").asBoolean(false));
  }

  /** True when both specs target the same Gvk and path. */
  public boolean sameTarget(FieldSpec o) {
    return gvk.equals(o.gvk) && path.equals(o.path);
  }
}

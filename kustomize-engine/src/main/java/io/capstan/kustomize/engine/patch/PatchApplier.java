package io.capstan.kustomize.engine.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.yaml.GoNumbers;
import java.util.List;

/**
 * Applies strategic-merge and JSON patches to resources the way kustomize does: a patch may not
 * rename its target or change its kind (unless allowed), keeps the target's namespace, and a patch
 * that empties an object removes it from the build.
 */
public final class PatchApplier {
  private final SchemaRegistry schemas;

  /** Creates an applier using {@code schemas} for merge keys. */
  public PatchApplier(SchemaRegistry schemas) {
    this.schemas = schemas;
  }

  /** Applies a strategic-merge patch to each selected resource; emptied resources are removed. */
  public void applySmp(ResourceMap m, List<Resource> targets, Resource patch) {
    for (Resource r : targets) {
      ObjectNode p = patch.obj().deepCopy();
      Gvk g = r.gvk();
      String patchKind = patch.gvk().kind();
      p.put("apiVersion", g.apiVersion());
      p.put("kind", patchKind);
      if (g.apiVersion().isEmpty()) {
        p.remove("apiVersion");
      }
      applySmp(r, p, patch.allowNameChange(), patch.allowKindChange(), patch.gvk());
      if (r.obj().size() == 0) {
        m.remove(r);
      }
    }
  }

  /** Applies a strategic-merge patch to one resource (in place). */
  public void applySmp(
      Resource r, ObjectNode patch, boolean allowName, boolean allowKind, Gvk patchGvk) {
    String name = r.name();
    String ns = r.namespace();
    String kind = r.gvk().kind();
    if (allowName || allowKind) {
      r.storePreviousId();
    }
    SchemaNode schema = schemas.forGvk(r.gvk());
    if (schema == null) {
      schema = schemas.forGvk(Gvk.of(r.gvk().apiVersion(), patchGvk.kind()));
    }
    JsonNode out = StrategicMerge.merge(r.obj(), patch, schema);
    if (out == null || !out.isObject() || out.size() == 0) {
      r.setObj(r.obj().objectNode());
      return;
    }
    r.setObj((ObjectNode) out);
    if (!allowKind) {
      r.setKind(kind);
    }
    if (!allowName) {
      r.setName(name);
    }
    r.setNamespace(ns);
  }

  /** Applies a JSON patch to one resource (in place). */
  public static void applyJson(Resource r, JsonPatch patch) {
    r.storePreviousId();
    JsonNode out = patch.apply(r.obj());
    if (!(out instanceof ObjectNode o)) {
      throw new KustomizeException("JSON patch turned " + r.curId() + " into a non-object");
    }
    asFloat64(o);
    r.setObj(o);
  }

  /**
   * kustomize applies a JSON patch to the resource's JSON and decodes the result with Go's
   * encoding/json into {@code interface{}}: every number becomes a float64 and is written back as
   * {@code json.Marshal} writes it, in the whole resource ({@link GoNumbers#throughFloat64}).
   */
  private static void asFloat64(JsonNode n) {
    if (n instanceof ObjectNode o) {
      var it = o.fields();
      while (it.hasNext()) {
        var e = it.next();
        JsonNode v = e.getValue();
        if (v.isIntegralNumber()) {
          e.setValue(GoNumbers.throughFloat64(v));
        } else {
          asFloat64(v);
        }
      }
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isIntegralNumber()) {
          a.set(i, GoNumbers.throughFloat64(v));
        } else {
          asFloat64(v);
        }
      }
    }
  }
}

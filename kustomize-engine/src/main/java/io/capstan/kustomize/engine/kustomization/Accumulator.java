package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.TransformerConfig;
import io.capstan.kustomize.engine.resource.ResId;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.ArrayList;
import java.util.List;

/**
 * What a kustomization has accumulated so far: its resources, the transformer configuration in
 * force, and the vars declared.
 */
public final class Accumulator {
  final ResourceMap resources = new ResourceMap();
  final TransformerConfig config = new TransformerConfig();
  final List<JsonNode> vars = new ArrayList<>();

  /** The resources. */
  public ResourceMap resources() {
    return resources;
  }

  /** Adds resources and merges configuration and vars of a child accumulator. */
  void merge(Accumulator other) {
    resources.appendAll(other.resources);
    config.merge(other.config);
    mergeVars(other.vars);
  }

  /** Declares vars: each remembers the object it names (so later renames are followed). */
  void declareVars(List<JsonNode> more) {
    for (JsonNode v : more) {
      JsonNode ref = v.path("objref");
      io.capstan.kustomize.engine.resource.Gvk g =
          io.capstan.kustomize.engine.resource.Gvk.of(
              Resource.text(ref.get("apiVersion")), Resource.text(ref.get("kind")));
      if (!Resource.text(ref.get("group")).isEmpty()
          || !Resource.text(ref.get("version")).isEmpty()) {
        g =
            new io.capstan.kustomize.engine.resource.Gvk(
                Resource.text(ref.get("group")), Resource.text(ref.get("version")), g.kind());
      }
      ResId target =
          new ResId(g, Resource.text(ref.get("name")), Resource.text(ref.get("namespace")));
      boolean exactNs = !target.namespace().isEmpty() || g.isClusterScoped();
      List<Resource> matched =
          resources.filter(
              r ->
                  r.allIds().stream()
                      .anyMatch(
                          id ->
                              exactNs
                                  ? id.matches(target)
                                  : id.name().equals(target.name())
                                      && id.gvk().equals(target.gvk())));
      if (matched.size() > 1) {
        throw new KustomizeException(
            "found "
                + matched.size()
                + " resId matches for var "
                + Resource.text(v.get("name"))
                + " (unable to disambiguate)");
      }
      if (matched.size() == 1) {
        matched.get(0).refVarNames().add(Resource.text(v.get("name")));
      }
    }
    mergeVars(more);
  }

  void mergeVars(List<JsonNode> more) {
    for (JsonNode v : more) {
      String name = Resource.text(v.get("name"));
      for (JsonNode e : vars) {
        if (Resource.text(e.get("name")).equals(name)) {
          if (e.equals(v)) {
            continue;
          }
          throw new KustomizeException("var '" + name + "' already encountered");
        }
      }
      if (vars.stream().noneMatch(e -> e.equals(v))) {
        vars.add(v);
      }
    }
  }

  /**
   * Merges generated resources: new ids are appended (behavior create), existing ones are merged
   * into or replaced according to the generator's behavior.
   */
  void absorb(List<Resource> generated) {
    // index every current and previous id once; generated objects are few, resources many
    java.util.Map<String, List<Resource>> byId = new java.util.HashMap<>();
    java.util.Set<String> current = new java.util.HashSet<>();
    for (Resource r : resources.resources()) {
      index(byId, r);
      current.add(r.curId().key());
    }
    for (Resource r : generated) {
      ResId id = r.curId();
      List<Resource> matches = byId.getOrDefault(id.key(), List.of());
      String behavior = r.behavior().isEmpty() ? "create" : r.behavior();
      if (matches.isEmpty()) {
        if (behavior.equals("merge") || behavior.equals("replace")) {
          throw new KustomizeException("id " + id + " does not exist; cannot merge or replace");
        }
        if (!current.add(id.key())) {
          throw new KustomizeException("may not add resource with an already registered id: " + id);
        }
        resources.resources().add(r);
        index(byId, r);
        continue;
      }
      if (matches.size() > 1) {
        throw new KustomizeException(
            "found multiple objects " + matches + " that could accept merge of " + id);
      }
      Resource old = matches.get(0);
      switch (behavior) {
        case "replace" -> GeneratedMerge.copyMeta(r, old);
        case "merge" -> {
          GeneratedMerge.copyMeta(r, old);
          GeneratedMerge.mergeData(r, old);
        }
        default ->
            throw new KustomizeException("id " + id + " exists; behavior must be merge or replace");
      }
      resources.replace(old, r);
      for (List<Resource> l : byId.values()) {
        l.replaceAll(x -> x == old ? r : x);
      }
      current.add(r.curId().key());
    }
  }

  private static void index(java.util.Map<String, List<Resource>> byId, Resource r) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (ResId i : r.allIds()) {
      if (keys.add(i.key())) {
        byId.computeIfAbsent(i.key(), k -> new ArrayList<>()).add(r);
      }
    }
  }
}

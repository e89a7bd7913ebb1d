package io.capstan.runtime.apply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The owner stamped on every applied object as two labels, {@code <group>/name} and {@code
 * <group>/namespace} (Flux's {@code ssa.Owner}): e.g. {@code kustomize.toolkit.fluxcd.io/name:
 * apps}. Prune deletes only objects whose labels name this owner.
 *
 * @param group label prefix, e.g. {@code kustomize.toolkit.fluxcd.io}
 * @param name the owning object's name
 * @param namespace the owning object's namespace
 */
public record Owner(String group, String name, String namespace) {

  /** Rejects missing fields. */
  public Owner {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
  }

  /** The owner labels, in the order name, namespace. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(group + "/name", name);
    labels.put(group + "/namespace", namespace);
    return labels;
  }

  /** True when {@code objectLabels} carry exactly this owner's labels. */
  public boolean owns(Map<String, String> objectLabels) {
    if (objectLabels == null) {
      return false;
    }
    return labels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(objectLabels.get(e.getKey())));
  }
}

package io.capstan.kustomize.engine.resource;

/**
 * Identity of a resource: Gvk, name and namespace. Two ids are equal when their Gvk and name are
 * equal and their effective namespaces agree (an empty namespace means "default"; cluster-scoped
 * kinds ignore the namespace).
 */
public record ResId(Gvk gvk, String name, String namespace) {
  /** Canonical form: null name/namespace become empty strings. */
  public ResId {
    name = name == null ? "" : name;
    namespace = namespace == null ? "" : namespace;
  }

  /** The namespace used for comparisons. */
  public String effectiveNamespace() {
    if (gvk.isClusterScoped()) {
      return "_non_namespaceable_";
    }
    return namespace.isEmpty() ? "default" : namespace;
  }

  /** Kustomize's id equality (Gvk, name, effective namespace). */
  public boolean matches(ResId o) {
    return gvk.equals(o.gvk)
        && name.equals(o.name)
        && effectiveNamespace().equals(o.effectiveNamespace());
  }

  /** A key usable in hash maps that is consistent with {@link #matches}. */
  public String key() {
    return gvk + "|" + effectiveNamespace() + "|" + name;
  }

  /** Human-readable form used in messages: {@code Kind.version.group/name.namespace}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(gvk.kind().isEmpty() ? "[noKind]" : gvk.kind());
    if (!gvk.version().isEmpty()) {
      b.append('.').append(gvk.version());
    }
    if (!gvk.group().isEmpty()) {
      b.append('.').append(gvk.group());
    }
    b.append('/').append(name.isEmpty() ? "[noName]" : name);
    b.append('.').append(namespace.isEmpty() ? "[noNs]" : namespace);
    return b.toString();
  }
}

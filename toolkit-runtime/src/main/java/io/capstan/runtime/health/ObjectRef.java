package io.capstan.runtime.health;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * A reference to one Kubernetes object by API version, kind, namespace and name.
 *
 * @param apiVersion e.g. {@code apps/v1} or {@code v1}
 * @param kind e.g. {@code Deployment}
 * @param namespace empty for cluster-scoped objects (never null)
 * @param name the object's name
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** Normalises a null namespace to empty and rejects missing fields. */
  public ObjectRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
  }

  /** The reference of an object. */
  public static ObjectRef of(HasMetadata object) {
    return new ObjectRef(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  /** The API group ({@code ""} for the core group). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The API version without its group, e.g. {@code v1}. */
  public String version() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  /** {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped, as Flux prints it. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}

package io.capstan.runtime.inventory;

import io.capstan.runtime.health.ObjectRef;
import java.util.Objects;

/**
 * An object's identity without its version, in cli-utils' {@code ObjMetadata} string form used by
 * Flux inventories: {@code <namespace>_<name>_<group>_<kind>}, empty namespace and group giving
 * consecutive underscores (e.g. {@code _apps__Namespace}); a {@code :} in a name (RBAC names such
 * as {@code system:viewer}) is written {@code __}.
 *
 * @param namespace empty for cluster-scoped objects
 * @param name object name
 * @param group API group, empty for the core group
 * @param kind object kind
 */
public record ObjMetadata(String namespace, String name, String group, String kind) {

  /** Rejects missing fields; null namespace/group become empty. */
  public ObjMetadata {
    namespace = namespace == null ? "" : namespace;
    group = group == null ? "" : group;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  /** The identity of an object reference. */
  public static ObjMetadata of(ObjectRef ref) {
    return new ObjMetadata(ref.namespace(), ref.name(), ref.group(), ref.kind());
  }

  /**
   * Parses an inventory id.
   *
   * @throws IllegalArgumentException if the id does not have the four fields
   */
  public static ObjMetadata parse(String id) {
    int kindAt = id.lastIndexOf('_');
    if (kindAt < 0) {
      throw new IllegalArgumentException("not an inventory id: " + id);
    }
    String kind = id.substring(kindAt + 1);
    String rest = id.substring(0, kindAt);
    int groupAt = rest.lastIndexOf('_');
    int namespaceEnd = rest.indexOf('_');
    if (groupAt < 0 || namespaceEnd < 0 || namespaceEnd == groupAt || kind.isEmpty()) {
      throw new IllegalArgumentException("not an inventory id: " + id);
    }
    String group = rest.substring(groupAt + 1);
    String namespace = rest.substring(0, namespaceEnd);
    String name = rest.substring(namespaceEnd + 1, groupAt).replace("__", ":");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("not an inventory id (no name): " + id);
    }
    return new ObjMetadata(namespace, name, group, kind);
  }

  /** The inventory id. */
  public String id() {
    return namespace + "_" + name.replace(":", "__") + "_" + group + "_" + kind;
  }

  /** A reference with the given version (e.g. {@code v1}). */
  public ObjectRef toRef(String version) {
    String apiVersion = group.isEmpty() ? version : group + "/" + version;
    return new ObjectRef(apiVersion, kind, namespace, name);
  }

  /** The id. */
  @Override
  public String toString() {
    return id();
  }
}

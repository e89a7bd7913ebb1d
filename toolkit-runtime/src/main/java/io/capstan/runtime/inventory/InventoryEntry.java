package io.capstan.runtime.inventory;

import io.capstan.runtime.health.ObjectRef;
import java.util.Objects;

/**
 * One inventory entry as Flux stores it in {@code status.inventory.entries}: {@code id} and {@code
 * v} (the API version without group).
 *
 * @param id {@code <namespace>_<name>_<group>_<kind>}
 * @param v the version the object was applied with, e.g. {@code v1}
 */
public record InventoryEntry(String id, String v) {

  /** Rejects missing fields. */
  public InventoryEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(v, "v");
  }

  /** The entry of an applied object. */
  public static InventoryEntry of(ObjectRef ref) {
    return new InventoryEntry(ObjMetadata.of(ref).id(), ref.version());
  }

  /** The object's identity parsed from the id. */
  public ObjMetadata metadata() {
    return ObjMetadata.parse(id);
  }

  /** The object reference (apiVersion from the group in the id and {@code v}). */
  public ObjectRef toRef() {
    return metadata().toRef(v);
  }
}

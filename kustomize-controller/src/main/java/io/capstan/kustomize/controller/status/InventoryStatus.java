package io.capstan.kustomize.controller.status;

import io.capstan.api.common.ResourceInventory;
import io.capstan.api.common.ResourceRef;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.runtime.inventory.Inventory;
import io.capstan.runtime.inventory.InventoryEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status.inventory} (Flux's {@code <ns>_<name>_<group>_<kind>}, {@code v}) ⇄ {@link
 * Inventory}.
 */
public final class InventoryStatus {

  private InventoryStatus() {}

  /** The inventory {@code k}'s status records; empty when it has none. */
  public static Inventory of(Kustomization k) {
    KustomizationStatus status = k.getStatus();
    if (status == null
        || status.getInventory() == null
        || status.getInventory().getEntries() == null) {
      return Inventory.empty();
    }
    List<InventoryEntry> entries = new ArrayList<>();
    for (ResourceRef ref : status.getInventory().getEntries()) {
      entries.add(new InventoryEntry(ref.getId(), ref.getV()));
    }
    return new Inventory(entries);
  }

  /** {@code inventory} in the status format. */
  public static ResourceInventory toStatus(Inventory inventory) {
    List<ResourceRef> refs = new ArrayList<>();
    for (InventoryEntry entry : inventory.entries()) {
      ResourceRef ref = new ResourceRef();
      ref.setId(entry.id());
      ref.setV(entry.v());
      refs.add(ref);
    }
    ResourceInventory result = new ResourceInventory();
    result.setEntries(refs);
    return result;
  }
}

package io.capstan.runtime.inventory;

import io.capstan.runtime.apply.Action;
import io.capstan.runtime.apply.ApplyOrder;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.ChangeSetEntry;
import io.capstan.runtime.health.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The set of objects an owner applied, in Flux's format. Entries are unique by id and kept in the
 * order added; {@link #stale(Inventory)} compares by identity only, so an object applied under a
 * new API version is not stale.
 */
public record Inventory(List<InventoryEntry> entries) {

  /** De-duplicates by id, keeping the last version seen for each. */
  public Inventory {
    Map<String, InventoryEntry> byId = new LinkedHashMap<>();
    for (InventoryEntry e : entries) {
      byId.put(e.id(), e);
    }
    entries = List.copyOf(byId.values());
  }

  /** An empty inventory. */
  public static Inventory empty() {
    return new Inventory(List.of());
  }

  /**
   * The inventory of an apply: every object of the change set except deleted ones (skipped objects
   * stay, as they are still part of the desired set).
   */
  public static Inventory of(ChangeSet changeSet) {
    return new Inventory(
        changeSet.entries().stream()
            .filter(e -> e.action() != Action.DELETED)
            .map(ChangeSetEntry::ref)
            .map(InventoryEntry::of)
            .toList());
  }

  /** The inventory of a list of references. */
  public static Inventory ofRefs(List<ObjectRef> refs) {
    return new Inventory(refs.stream().map(InventoryEntry::of).toList());
  }

  /**
   * The objects of this (older) inventory that are missing from {@code newer}, in prune order
   * (reverse apply order: namespaced objects first, Namespaces and CRDs last).
   */
  public List<ObjectRef> stale(Inventory newer) {
    Set<String> keep = newer.entries.stream().map(InventoryEntry::id).collect(Collectors.toSet());
    List<ObjectRef> result = new ArrayList<>();
    for (InventoryEntry e : entries) {
      if (!keep.contains(e.id())) {
        result.add(e.toRef());
      }
    }
    result.sort(ApplyOrder.pruneOrder());
    return result;
  }

  /** All references, in entry order. */
  public List<ObjectRef> refs() {
    return entries.stream().map(InventoryEntry::toRef).toList();
  }
}

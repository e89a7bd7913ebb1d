package io.capstan.runtime.apply;

import java.util.List;

/**
 * The comparison of a set of desired objects with the cluster ({@link ServerSideApplier#diff}): one
 * entry per object that could be compared, in the given order, and a message per object that could
 * not (discovery or dry-run failure). A failing object does not stop the others.
 *
 * @param entries the compared objects
 * @param errors why other objects could not be compared
 */
public record DiffSet(List<ObjectDiff> entries, List<String> errors) {

  /** Copies the lists. */
  public DiffSet {
    entries = List.copyOf(entries);
    errors = List.copyOf(errors);
  }

  /** True when at least one object is missing or changed. */
  public boolean hasChanges() {
    return entries.stream().anyMatch(ObjectDiff::hasChanges);
  }

  /** The missing and changed objects, in order. */
  public List<ObjectDiff> changes() {
    return entries.stream().filter(ObjectDiff::hasChanges).toList();
  }
}

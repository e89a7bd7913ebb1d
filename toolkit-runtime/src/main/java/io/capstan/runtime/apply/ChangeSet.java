package io.capstan.runtime.apply;

import io.capstan.runtime.health.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The ordered outcome of an apply or prune: one entry per object, in the order it was handled. */
public record ChangeSet(List<ChangeSetEntry> entries) {

  /** Copies the entries. */
  public ChangeSet {
    entries = List.copyOf(entries);
  }

  /** The entry of one object, if it was part of this set. */
  public Optional<ChangeSetEntry> entry(ObjectRef ref) {
    return entries.stream().filter(e -> e.ref().equals(ref)).findFirst();
  }

  /** The action taken on the object named {@code Kind/namespace/name} (or {@code Kind/name}). */
  public Optional<Action> actionOf(String kindNamespaceName) {
    return entries.stream()
        .filter(e -> e.ref().toString().equals(kindNamespaceName))
        .map(ChangeSetEntry::action)
        .findFirst();
  }

  /** The objects with the given action, in order. */
  public List<ObjectRef> withAction(Action action) {
    return entries.stream().filter(e -> e.action() == action).map(ChangeSetEntry::ref).toList();
  }

  /** True when at least one object was created, configured or deleted. */
  public boolean hasChanges() {
    return entries.stream()
        .anyMatch(
            e ->
                e.action() == Action.CREATED
                    || e.action() == Action.CONFIGURED
                    || e.action() == Action.DELETED);
  }

  /** This set followed by {@code other}'s entries. */
  public ChangeSet plus(ChangeSet other) {
    List<ChangeSetEntry> all = new ArrayList<>(entries);
    all.addAll(other.entries);
    return new ChangeSet(all);
  }

  /** One line per entry, as Flux logs and records change sets. */
  @Override
  public String toString() {
    return entries.stream().map(ChangeSetEntry::toString).collect(Collectors.joining("\n"));
  }
}

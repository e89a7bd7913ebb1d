package io.capstan.kustomize.controller.dependencies;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import java.util.List;
import java.util.Objects;

/**
 * When the Kustomizations that {@code dependsOn} another one are reconciled at once, as Flux's
 * {@code KustomizationReadyChangePredicate} decides it: the dependency became Ready, or applied a
 * new revision while Ready. The primary cache is indexed by {@link #keys} so the dependents of a
 * Kustomization are found by its {@link #key}.
 */
public final class DependencyWatch {

  private DependencyWatch() {}

  /**
   * The {@code <namespace>/<name>} of each {@code dependsOn} entry of {@code k} (the namespace
   * defaults to {@code k}'s).
   */
  public static List<String> keys(Kustomization k) {
    if (k.getSpec() == null || k.getSpec().getDependsOn() == null) {
      return List.of();
    }
    return k.getSpec().getDependsOn().stream()
        .filter(d -> d.getName() != null)
        .map(
            d ->
                (d.getNamespace() == null || d.getNamespace().isEmpty()
                        ? k.getMetadata().getNamespace()
                        : d.getNamespace())
                    + "/"
                    + d.getName())
        .distinct()
        .toList();
  }

  /** The index key of {@code k} itself. */
  public static String key(Kustomization k) {
    return k.getMetadata().getNamespace() + "/" + k.getMetadata().getName();
  }

  /** What a reconcile may change that dependents care about. */
  public record State(boolean ready, String lastAppliedRevision) {

    /** The state of {@code k} now. */
    public static State of(Kustomization k) {
      if (k.getStatus() == null) {
        return new State(false, null);
      }
      List<Condition> conditions = k.getStatus().getConditions();
      boolean ready =
          conditions != null
              && conditions.stream()
                  .anyMatch(c -> ConditionTypes.READY.equals(c.getType()) && c.isTrue());
      return new State(ready, k.getStatus().getLastAppliedRevision());
    }
  }

  /**
   * True when the dependents should be reconciled: Ready now, and either not Ready before or with
   * another last applied revision.
   */
  public static boolean requeuesDependents(State before, State after) {
    if (!after.ready()) {
      return false;
    }
    return !before.ready()
        || !Objects.equals(before.lastAppliedRevision(), after.lastAppliedRevision());
  }
}

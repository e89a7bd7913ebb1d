package io.capstan.helm.controller.drift;

import io.capstan.runtime.apply.DiffSet;
import io.capstan.runtime.apply.ObjectDiff;
import io.capstan.runtime.health.ObjectRef;

/**
 * Flux's drift summaries ({@code internal/diff/summarize.go}): object names and counts of changed
 * fields only, never values, so a Secret's data cannot reach an event or a condition.
 */
public final class DriftSummary {

  private DriftSummary() {}

  /**
   * One line per missing, changed or excluded object: {@code Kind/namespace/name removed}, {@code
   * ... changed (x additions, y changes, z removals)}, {@code ... excluded}.
   */
  public static String of(DiffSet set) {
    StringBuilder b = new StringBuilder();
    for (ObjectDiff d : set.entries()) {
      switch (d.type()) {
        case CREATE -> b.append(name(d.ref())).append(" removed\n");
        case EXCLUDE -> b.append(name(d.ref())).append(" excluded\n");
        case UPDATE ->
            b.append(name(d.ref()))
                .append(" changed (")
                .append(d.added())
                .append(" additions, ")
                .append(d.changed())
                .append(" changes, ")
                .append(d.removed())
                .append(" removals)\n");
        case NONE -> {}
      }
    }
    return b.toString().strip();
  }

  /** {@code removed: x, changed: y, excluded: z}. */
  public static String brief(DiffSet set) {
    int removed = 0;
    int changed = 0;
    int excluded = 0;
    for (ObjectDiff d : set.entries()) {
      switch (d.type()) {
        case CREATE -> removed++;
        case UPDATE -> changed++;
        case EXCLUDE -> excluded++;
        case NONE -> {}
      }
    }
    return "removed: " + removed + ", changed: " + changed + ", excluded: " + excluded;
  }

  /** Flux's {@code Kind/namespace/name} (an empty namespace for cluster-scoped objects). */
  static String name(ObjectRef ref) {
    return ref.kind() + "/" + ref.namespace() + "/" + ref.name();
  }
}

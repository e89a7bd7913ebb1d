package io.capstan.runtime.apply;

import java.util.Locale;
import java.util.Map;

/**
 * The per-object {@code <group>/ssa} annotation (Flux: {@code kustomize.toolkit.fluxcd.io/ssa}):
 *
 * <ul>
 *   <li>{@code Override} (default): apply and take over fields other managers set with kubectl;
 *   <li>{@code Merge}: apply, but leave fields managed by other tools (no managedFields takeover);
 *   <li>{@code IfNotPresent}: create the object if missing, never touch it afterwards;
 *   <li>{@code Ignore}: never apply the object.
 * </ul>
 *
 * Values are matched case-insensitively; unknown values mean {@code Override}.
 */
public enum SsaPolicy {
  /** Apply and take over fields (the default). */
  OVERRIDE,
  /** Apply without taking over other managers' fields. */
  MERGE,
  /** Create only when absent. */
  IF_NOT_PRESENT,
  /** Never apply. */
  IGNORE;

  /** The policy an object's annotations ask for under {@code group}. */
  public static SsaPolicy of(Map<String, String> annotations, String group) {
    if (annotations == null) {
      return OVERRIDE;
    }
    String value = annotations.getOrDefault(group + "/ssa", "").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "merge" -> MERGE;
      case "ifnotpresent" -> IF_NOT_PRESENT;
      case "ignore" -> IGNORE;
      default -> OVERRIDE;
    };
  }

  /** True when the object carries {@code <group>/force: enabled}. */
  public static boolean forceEnabled(Map<String, String> annotations, String group) {
    return annotations != null && "enabled".equalsIgnoreCase(annotations.get(group + "/force"));
  }

  /**
   * True when the object carries {@code <group>/reconcile: disabled}: it is neither applied nor
   * pruned, whether the annotation is in the desired object or was put on the live one.
   */
  public static boolean reconcileDisabled(Map<String, String> annotations, String group) {
    return annotations != null
        && "disabled".equalsIgnoreCase(annotations.get(group + "/reconcile"));
  }

  /** True when the object carries {@code <group>/prune: disabled}. */
  public static boolean pruneDisabled(Map<String, String> annotations, String group) {
    return annotations != null && "disabled".equalsIgnoreCase(annotations.get(group + "/prune"));
  }
}

package io.capstan.testing.status;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.FluxStatus;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The status rules every Flux object's status must follow, for controller tests to check after each
 * scenario (ENGINEERING.md §4). {@link #check} fails with an {@link AssertionError} naming the
 * object and the broken rule when:
 *
 * <ul>
 *   <li>a condition's reason is not in the kind's documented set (e.g. {@code
 *       GitRepositoryConditions.REASONS}, {@code KustomizationConditions.REASONS});
 *   <li>{@code Reconciling=True} and {@code Stalled=True} hold together (kstatus: at most one of
 *       Ready/Reconciling/Stalled is the object's state);
 *   <li>{@code Ready=True} while {@code Reconciling} or {@code Stalled} is True, or while {@code
 *       status.observedGeneration} differs from {@code metadata.generation};
 *   <li>{@code Stalled=True} while {@code Ready} is not False or the generation is not observed;
 *   <li>{@code observedGeneration} is ahead of {@code metadata.generation}.
 * </ul>
 *
 * <p>It uses no assertion library, so it works with JUnit, AssertJ or plain {@code assert}.
 */
public final class StatusContract {

  private StatusContract() {}

  /** The condition of {@code type} on {@code resource}, if it has one. */
  public static Optional<Condition> condition(
      CustomResource<?, ? extends FluxStatus> resource, String type) {
    FluxStatus status = resource.getStatus();
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * True when {@code resource} has a condition of {@code type} with {@code status} and, unless
   * {@code reason} is null, that reason.
   */
  public static boolean has(
      CustomResource<?, ? extends FluxStatus> resource,
      String type,
      Condition.Status status,
      String reason) {
    return condition(resource, type)
        .filter(c -> c.getStatus() == status && (reason == null || reason.equals(c.getReason())))
        .isPresent();
  }

  /** True when {@code Ready=True} and the current generation is observed (kstatus "Current"). */
  public static boolean ready(CustomResource<?, ? extends FluxStatus> resource) {
    return has(resource, ConditionTypes.READY, Condition.Status.True, null) && observed(resource);
  }

  /** As {@link #ready(CustomResource)}, with {@code Ready}'s reason {@code reason}. */
  public static boolean ready(CustomResource<?, ? extends FluxStatus> resource, String reason) {
    return has(resource, ConditionTypes.READY, Condition.Status.True, reason) && observed(resource);
  }

  /**
   * Checks the rules in the class comment.
   *
   * @param reasons every reason the kind documents for its conditions
   * @throws AssertionError naming the object and the first rule it breaks
   */
  public static void check(CustomResource<?, ? extends FluxStatus> resource, Set<String> reasons) {
    Objects.requireNonNull(reasons, "reasons");
    FluxStatus status = resource.getStatus();
    List<Condition> conditions =
        status == null || status.getConditions() == null ? List.of() : status.getConditions();
    for (Condition c : conditions) {
      require(
          resource,
          reasons.contains(c.getReason()),
          "reason '" + c.getReason() + "' of " + c.getType() + " is not in the documented set");
    }
    boolean reconciling = has(resource, ConditionTypes.RECONCILING, Condition.Status.True, null);
    boolean stalled = has(resource, ConditionTypes.STALLED, Condition.Status.True, null);
    require(resource, !(reconciling && stalled), "Reconciling and Stalled are both True");
    Long observed = status == null ? null : status.getObservedGeneration();
    Long generation = resource.getMetadata().getGeneration();
    require(
        resource,
        observed == null || generation == null || observed <= generation,
        "observedGeneration " + observed + " is ahead of generation " + generation);
    if (has(resource, ConditionTypes.READY, Condition.Status.True, null)) {
      require(resource, !reconciling && !stalled, "Ready=True while Reconciling or Stalled");
      require(
          resource,
          observed(resource),
          "Ready=True but observedGeneration " + observed + " != generation " + generation);
    }
    if (stalled) {
      require(
          resource,
          has(resource, ConditionTypes.READY, Condition.Status.False, null),
          "Stalled=True but Ready is not False");
      require(
          resource,
          observed(resource),
          "Stalled=True but observedGeneration " + observed + " != generation " + generation);
    }
  }

  private static boolean observed(CustomResource<?, ? extends FluxStatus> resource) {
    FluxStatus status = resource.getStatus();
    return status != null
        && status.getObservedGeneration() != null
        && status.getObservedGeneration().equals(resource.getMetadata().getGeneration());
  }

  private static void require(
      CustomResource<?, ? extends FluxStatus> resource, boolean holds, String rule) {
    if (!holds) {
      throw new AssertionError(
          "status contract of "
              + resource.getKind()
              + " "
              + resource.getMetadata().getNamespace()
              + "/"
              + resource.getMetadata().getName()
              + ": "
              + rule
              + "; conditions: "
              + (resource.getStatus() == null ? "none" : resource.getStatus().getConditions()));
    }
  }
}

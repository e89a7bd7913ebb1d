package io.capstan.runtime.conditions;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.FluxStatus;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes the conditions of one object's status, the way Flux's {@code runtime/conditions}
 * package does.
 *
 * <p>Guarantees: every condition written carries the object's generation as {@code
 * observedGeneration}; {@code lastTransitionTime} changes only when the condition's status changes
 * (Kubernetes' rule; a new reason or message keeps the old time); conditions are kept sorted with
 * {@code Stalled}, {@code Reconciling}, {@code Ready} first and the rest by type; {@code
 * Reconciling} and {@code Stalled} are never present together.
 */
public final class Conditions {

  private static final Map<String, Integer> FIRST =
      Map.of(ConditionTypes.STALLED, 0, ConditionTypes.RECONCILING, 1, ConditionTypes.READY, 2);

  private static final Comparator<Condition> ORDER =
      Comparator.<Condition>comparingInt(c -> FIRST.getOrDefault(c.getType(), FIRST.size()))
          .thenComparing(Condition::getType);

  private final FluxStatus status;
  private final Long generation;
  private final Clock clock;

  private Conditions(FluxStatus status, Long generation, Clock clock) {
    this.status = Objects.requireNonNull(status, "status");
    this.generation = generation;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A view over {@code status.conditions} of an object at {@code generation}; writes go straight to
   * the status bean.
   */
  public static Conditions of(FluxStatus status, Long generation, Clock clock) {
    return new Conditions(status, generation, clock);
  }

  /** The condition of the given type, if present. The returned bean must not be modified. */
  public Optional<Condition> get(String type) {
    return current().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** True when a condition of this type is present, whatever its status. */
  public boolean has(String type) {
    return get(type).isPresent();
  }

  /** True when the condition is present with status True. */
  public boolean isTrue(String type) {
    return hasStatus(type, Condition.Status.True);
  }

  /** True when the condition is present with status False. */
  public boolean isFalse(String type) {
    return hasStatus(type, Condition.Status.False);
  }

  /** True when the condition is present with status Unknown. */
  public boolean isUnknown(String type) {
    return hasStatus(type, Condition.Status.Unknown);
  }

  /** True when {@code Ready} is True. */
  public boolean isReady() {
    return isTrue(ConditionTypes.READY);
  }

  /** True when {@code Reconciling} is True. */
  public boolean isReconciling() {
    return isTrue(ConditionTypes.RECONCILING);
  }

  /** True when {@code Stalled} is True. */
  public boolean isStalled() {
    return isTrue(ConditionTypes.STALLED);
  }

  /** The generation written into each condition's {@code observedGeneration}. */
  public Long generation() {
    return generation;
  }

  /** A snapshot of the conditions, in their stored order. */
  public List<Condition> list() {
    return List.copyOf(current());
  }

  /**
   * Adds or replaces the condition of {@code type}. The transition time is kept when the status is
   * unchanged and set to now (UTC, second precision) otherwise.
   */
  public void set(String type, Condition.Status conditionStatus, String reason, String message) {
    Condition next = new Condition(type, conditionStatus, reason, message);
    next.setObservedGeneration(generation);
    List<Condition> conditions = new ArrayList<>(current());
    Optional<Condition> existing = get(type);
    next.setLastTransitionTime(
        existing
            .filter(c -> c.getStatus() == conditionStatus && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElseGet(this::now));
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(next);
    conditions.sort(ORDER);
    status.setConditions(conditions);
  }

  /** Sets the condition to True with the given reason and message. */
  public void markTrue(String type, String reason, String message) {
    set(type, Condition.Status.True, reason, message);
  }

  /** Sets the condition to False with the given reason and message. */
  public void markFalse(String type, String reason, String message) {
    set(type, Condition.Status.False, reason, message);
  }

  /** Sets the condition to Unknown with the given reason and message. */
  public void markUnknown(String type, String reason, String message) {
    set(type, Condition.Status.Unknown, reason, message);
  }

  /** Removes the condition of the given type, if present. */
  public void delete(String type) {
    List<Condition> conditions = new ArrayList<>(current());
    if (conditions.removeIf(c -> type.equals(c.getType()))) {
      status.setConditions(conditions);
    }
  }

  /** Marks work in progress: {@code Reconciling=True} and no {@code Stalled} (kstatus). */
  public void markReconciling(String reason, String message) {
    delete(ConditionTypes.STALLED);
    markTrue(ConditionTypes.RECONCILING, reason, message);
  }

  /** Marks a dead end: {@code Stalled=True} and no {@code Reconciling} (kstatus). */
  public void markStalled(String reason, String message) {
    delete(ConditionTypes.RECONCILING);
    markTrue(ConditionTypes.STALLED, reason, message);
  }

  private boolean hasStatus(String type, Condition.Status wanted) {
    return get(type).map(c -> c.getStatus() == wanted).orElse(false);
  }

  private List<Condition> current() {
    List<Condition> conditions = status.getConditions();
    return conditions == null ? List.of() : conditions;
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }
}

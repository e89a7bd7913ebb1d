package io.capstan.runtime.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * What one reconcile step says about when to come back, as Flux's {@code reconcile.Result}:
 *
 * <ul>
 *   <li>{@link #SUCCESS}: the step is done; come back at {@code spec.interval};
 *   <li>{@link #EMPTY}: the step has nothing to say (loses to any other result);
 *   <li>{@link #requeueAfter(Duration)}: work is still in progress; come back after the delay
 *       ({@link Duration#ZERO} means at once). The generation is not yet fully reconciled.
 * </ul>
 */
public final class StepResult {

  /** The kind of result; {@link #REQUEUE_AFTER} carries a delay. */
  public enum Kind {
    SUCCESS,
    EMPTY,
    REQUEUE_AFTER
  }

  /** The step is done; the object is requeued at its interval. */
  public static final StepResult SUCCESS = new StepResult(Kind.SUCCESS, null);

  /** The step expresses no requeue wish. */
  public static final StepResult EMPTY = new StepResult(Kind.EMPTY, null);

  private final Kind kind;
  private final Duration delay;

  private StepResult(Kind kind, Duration delay) {
    this.kind = kind;
    this.delay = delay;
  }

  /** Work in progress: come back after {@code delay} (zero or positive). */
  public static StepResult requeueAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative requeue delay: " + delay);
    }
    return new StepResult(Kind.REQUEUE_AFTER, delay);
  }

  /** The kind of this result. */
  public Kind kind() {
    return kind;
  }

  /** The delay of a {@link Kind#REQUEUE_AFTER} result; {@code null} for the others. */
  public Duration delay() {
    return delay;
  }

  /**
   * Combines two step results: the one that brings the object back soonest wins ({@code
   * REQUEUE_AFTER} with the smaller delay, then {@code SUCCESS}, then {@code EMPTY}).
   */
  public StepResult lowestRequeuing(StepResult other) {
    if (kind == Kind.EMPTY) {
      return other;
    }
    if (other.kind == Kind.EMPTY) {
      return this;
    }
    if (kind == Kind.REQUEUE_AFTER && other.kind == Kind.REQUEUE_AFTER) {
      return delay.compareTo(other.delay) <= 0 ? this : other;
    }
    return kind == Kind.REQUEUE_AFTER ? this : other;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepResult r && kind == r.kind && Objects.equals(delay, r.delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay);
  }

  @Override
  public String toString() {
    return kind == Kind.REQUEUE_AFTER ? "REQUEUE_AFTER(" + delay + ")" : kind.name();
  }
}

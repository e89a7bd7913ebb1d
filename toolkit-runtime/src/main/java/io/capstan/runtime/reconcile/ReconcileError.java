package io.capstan.runtime.reconcile;

import io.capstan.api.meta.Reasons;
import io.capstan.runtime.events.EventType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed reconcile step, typed by what should happen next. The hierarchy is sealed: {@link
 * RequeuePolicy} and the status summarizer read it with one exhaustive {@code switch} on {@link
 * #kind()} (Java 17 has no pattern switch; the enum mirrors the permitted subclasses one to one).
 *
 * <ul>
 *   <li>{@link Stalling}: only a spec change can help. {@code Stalled=True}, no retry, the
 *       generation counts as observed.
 *   <li>{@link Waiting}: a dependency is not ready. Retry after a delay (default: the interval),
 *       {@code Reconciling} stays.
 *   <li>{@link Generic}: anything else. Retry with backoff; optionally marks a kind condition.
 * </ul>
 *
 * <p>Each error says whether it records an event and of which type; configure it before throwing.
 * Messages end up in conditions and events: never put secrets in them.
 */
public abstract sealed class ReconcileError extends RuntimeException
    permits ReconcileError.Stalling, ReconcileError.Waiting, ReconcileError.Generic {

  /** The permitted subclasses, for exhaustive switches. */
  public enum Kind {
    STALLING,
    WAITING,
    GENERIC
  }

  private final String reason;
  private EventType event;
  private String eventMessage;

  private ReconcileError(String reason, String message, Throwable cause, EventType event) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.event = event;
  }

  /** Which of the three error types this is. */
  public abstract Kind kind();

  /** The condition and event reason, e.g. {@code GitOperationFailed}. */
  public String reason() {
    return reason;
  }

  /** The event this error records, or empty when it records none. */
  public Optional<EventType> event() {
    return Optional.ofNullable(event);
  }

  void setEvent(EventType event) {
    this.event = event;
  }

  /**
   * The message of the event this error records: the one given to {@link Waiting#withEventMessage},
   * else the error's message (the one {@code Ready} gets).
   */
  public String eventMessage() {
    return eventMessage == null ? getMessage() : eventMessage;
  }

  /** Wraps an unexpected exception as a {@link Generic} error with reason {@code Failed}. */
  public static ReconcileError from(Throwable t) {
    if (t instanceof ReconcileError e) {
      return e;
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new Generic(Reasons.FAILED, message, t);
  }

  /** A dead end that needs a spec change: no retry. Records a Warning event by default. */
  public static final class Stalling extends ReconcileError {
    /** A stalling error with the given reason and message. */
    public Stalling(String reason, String message) {
      this(reason, message, null);
    }

    /** A stalling error with an underlying cause. */
    public Stalling(String reason, String message, Throwable cause) {
      super(reason, message, cause, EventType.WARNING);
    }

    @Override
    public Kind kind() {
      return Kind.STALLING;
    }

    /** Records no event for this error. */
    public Stalling withoutEvent() {
      setEvent(null);
      return this;
    }
  }

  /** A dependency is not ready: retry later without backoff. Records a Normal event by default. */
  public static final class Waiting extends ReconcileError {
    private final Duration requeueAfter;

    /**
     * Waits the kind's retry interval before retrying (see {@code KindReconciler#retryInterval}).
     */
    public Waiting(String reason, String message) {
      this(reason, message, null);
    }

    /** Waits {@code requeueAfter} before retrying ({@code null}: the kind's retry interval). */
    public Waiting(String reason, String message, Duration requeueAfter) {
      super(reason, message, null, EventType.NORMAL);
      if (requeueAfter != null && requeueAfter.isNegative()) {
        throw new IllegalArgumentException("negative requeue delay: " + requeueAfter);
      }
      this.requeueAfter = requeueAfter;
    }

    @Override
    public Kind kind() {
      return Kind.WAITING;
    }

    /** The delay before the next attempt, when it differs from the interval. */
    public Optional<Duration> requeueAfter() {
      return Optional.ofNullable(requeueAfter);
    }

    /** Records no event for this error. */
    public Waiting withoutEvent() {
      setEvent(null);
      return this;
    }

    /**
     * Records an event of the given type instead of the default Normal (e.g. a Warning for a failed
     * apply that is retried at an interval, as Flux's kustomize-controller does).
     */
    public Waiting withEvent(EventType type) {
      setEvent(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Records the event with {@code message} instead of the error's own (which {@code Ready}
     * keeps): Flux's kustomize-controller sets {@code Ready} to the dependency's error and records
     * "Dependencies do not meet ready condition, retrying in 30s".
     */
    public Waiting withEventMessage(String message) {
      ((ReconcileError) this).eventMessage = Objects.requireNonNull(message, "message");
      return this;
    }
  }

  /**
   * Any other failure: retry with exponential backoff. Records a Warning event by default. When
   * {@link #condition()} is set, the summarizer marks that kind condition as failed with this
   * error's reason and message (True for a negative condition, False for a positive one).
   */
  public static final class Generic extends ReconcileError {
    private String condition;
    private boolean ignore;

    /** A generic error with the given reason and message. */
    public Generic(String reason, String message) {
      this(reason, message, null);
    }

    /** A generic error with an underlying cause. */
    public Generic(String reason, String message, Throwable cause) {
      super(reason, message, cause, EventType.WARNING);
    }

    @Override
    public Kind kind() {
      return Kind.GENERIC;
    }

    /** The kind condition to mark as failed, if any. */
    public Optional<String> condition() {
      return Optional.ofNullable(condition);
    }

    /** True for a no-op error: requeue at the interval, no backoff, generation observed. */
    public boolean ignored() {
      return ignore;
    }

    /** Marks {@code conditionType} as failed with this error's reason and message. */
    public Generic withCondition(String conditionType) {
      this.condition = Objects.requireNonNull(conditionType, "conditionType");
      return this;
    }

    /** Makes this a no-op error (Flux's {@code Ignore}): reported, but not retried early. */
    public Generic ignoring() {
      this.ignore = true;
      return this;
    }

    /** Records an event of the given type instead of the default Warning. */
    public Generic withEvent(EventType type) {
      setEvent(Objects.requireNonNull(type, "type"));
      return this;
    }

    /** Records no event for this error. */
    public Generic withoutEvent() {
      setEvent(null);
      return this;
    }
  }
}

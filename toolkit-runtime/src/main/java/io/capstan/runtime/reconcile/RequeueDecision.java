package io.capstan.runtime.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * When the controller looks at the object again: never (until it changes), after a fixed delay, or
 * after the controller runtime's exponential backoff.
 */
public record RequeueDecision(Mode mode, Duration delay) {

  /** The three ways to come back. */
  public enum Mode {
    NONE,
    AFTER,
    BACKOFF
  }

  public RequeueDecision {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.AFTER) != (delay != null)) {
      throw new IllegalArgumentException("a delay is given exactly for AFTER, got " + mode);
    }
  }

  /** Do not requeue; wait for the next change. */
  public static RequeueDecision none() {
    return new RequeueDecision(Mode.NONE, null);
  }

  /** Requeue after {@code delay}. */
  public static RequeueDecision after(Duration delay) {
    return new RequeueDecision(Mode.AFTER, Objects.requireNonNull(delay, "delay"));
  }

  /** Retry with exponential backoff. */
  public static RequeueDecision backoff() {
    return new RequeueDecision(Mode.BACKOFF, null);
  }
}

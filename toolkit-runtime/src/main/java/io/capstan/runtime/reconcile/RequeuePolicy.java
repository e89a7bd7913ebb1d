package io.capstan.runtime.reconcile;

import java.time.Duration;
import java.util.Objects;

/** Turns a reconcile's combined step result and error into a {@link RequeueDecision}. */
public final class RequeuePolicy {

  private RequeuePolicy() {}

  /**
   * The one place that decides when an object comes back.
   *
   * <ul>
   *   <li>no error: {@code SUCCESS} → after {@code interval}; {@code EMPTY} → none; {@code
   *       REQUEUE_AFTER(d)} → after {@code d};
   *   <li>{@link ReconcileError.Stalling} → none (a spec change triggers the next run);
   *   <li>{@link ReconcileError.Waiting} → after its own delay, or {@code retryInterval} (the
   *       kind's {@code spec.retryInterval}, which defaults to {@code interval}; see {@code
   *       KindReconciler#retryInterval});
   *   <li>{@link ReconcileError.Generic} → backoff, or after {@code interval} when ignored.
   * </ul>
   */
  public static RequeueDecision decide(
      StepResult result, ReconcileError error, Duration interval, Duration retryInterval) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(retryInterval, "retryInterval");
    if (error == null) {
      return switch (result.kind()) {
        case SUCCESS -> RequeueDecision.after(interval);
        case EMPTY -> RequeueDecision.none();
        case REQUEUE_AFTER -> RequeueDecision.after(result.delay());
      };
    }
    return switch (error.kind()) {
      case STALLING -> RequeueDecision.none();
      case WAITING ->
          RequeueDecision.after(
              ((ReconcileError.Waiting) error).requeueAfter().orElse(retryInterval));
      case GENERIC ->
          ((ReconcileError.Generic) error).ignored()
              ? RequeueDecision.after(interval)
              : RequeueDecision.backoff();
    };
  }
}

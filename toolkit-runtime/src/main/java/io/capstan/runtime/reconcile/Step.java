package io.capstan.runtime.reconcile;

import java.util.Objects;

/**
 * One named step of a reconcile, e.g. {@code reconcileSource}. A step sets conditions on the
 * in-memory status through its context and returns a {@link StepResult}; it reports failure by
 * throwing a {@link ReconcileError} (any other exception counts as a {@link
 * ReconcileError.Generic}).
 *
 * @param <C> the context the steps share (for controllers: {@code ReconcileContext<R>})
 */
public record Step<C>(String name, Action<C> action) {

  /** The work of a step. */
  @FunctionalInterface
  public interface Action<C> {
    /** Runs the step; may throw to report what should happen next. */
    StepResult run(C context) throws Exception;
  }

  public Step {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
  }

  /** A step with a name for logs and errors. */
  public static <C> Step<C> of(String name, Action<C> action) {
    return new Step<>(name, action);
  }
}

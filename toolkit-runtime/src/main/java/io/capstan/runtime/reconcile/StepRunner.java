package io.capstan.runtime.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * Runs steps in order, as Flux's controllers loop over their {@code reconcileFunc}s: results are
 * combined with {@link StepResult#lowestRequeuing}, and the first failing step ends the run.
 */
public final class StepRunner {

  /** The combined result, the error of the failing step (if any) and that step's name. */
  public record Outcome(StepResult result, ReconcileError error, String failedStep) {

    /** The error, when a step failed. */
    public Optional<ReconcileError> failure() {
      return Optional.ofNullable(error);
    }
  }

  private StepRunner() {}

  /**
   * Runs {@code steps} against {@code context}. Never throws for a step failure: the failure is in
   * the outcome, wrapped as a {@link ReconcileError} when it was not one already. {@link Error}s
   * (out of memory, ...) propagate.
   */
  public static <C> Outcome run(List<Step<C>> steps, C context) {
    StepResult combined = StepResult.EMPTY;
    for (Step<C> step : steps) {
      try {
        StepResult result = step.action().run(context);
        combined = combined.lowestRequeuing(result == null ? StepResult.EMPTY : result);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(combined, ReconcileError.from(e), step.name());
      } catch (Exception e) {
        return new Outcome(combined, ReconcileError.from(e), step.name());
      }
    }
    return new Outcome(combined, null, null);
  }
}

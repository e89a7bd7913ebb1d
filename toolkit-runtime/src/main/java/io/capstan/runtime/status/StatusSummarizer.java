package io.capstan.runtime.status;

import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.meta.Reasons;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.conditions.Polarity;
import io.capstan.runtime.conditions.ReadySummarizer;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.RequeueDecision;
import io.capstan.runtime.reconcile.RequeuePolicy;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.reconcile.StepRunner;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The status rules of a reconcile's beginning and end, applied to the in-memory status only
 * (patching is {@link StatusPatcher}'s job). Mirrors Flux's {@code ComputeReconcileResult} and
 * {@code SummarizeAndPatch}.
 */
public final class StatusSummarizer {

  private StatusSummarizer() {}

  /**
   * At the start of a reconcile: when {@code generation} differs from {@code
   * status.observedGeneration}, marks {@code Reconciling=True} (reason {@code Progressing}) and
   * removes {@code Stalled}. Returns whether a new generation is being processed.
   */
  public static boolean begin(FluxStatus status, Conditions conditions, Long generation) {
    Long observed = status.getObservedGeneration();
    if (generation == null || Objects.equals(observed, generation)) {
      return false;
    }
    conditions.markReconciling(
        Reasons.PROGRESSING,
        "processing object: new generation "
            + (observed == null ? "0" : observed)
            + " -> "
            + generation);
    return true;
  }

  /**
   * At the end of a reconcile, given what the steps produced:
   *
   * <ul>
   *   <li>success ({@code SUCCESS}/{@code EMPTY}, no error): removes {@code Reconciling} and {@code
   *       Stalled}; the generation counts as observed;
   *   <li>in progress ({@code REQUEUE_AFTER}, no error): keeps {@code Reconciling}, removes {@code
   *       Stalled}; the generation is not observed yet;
   *   <li>stalling error: {@code Stalled=True} with the error's reason and message, no {@code
   *       Reconciling}; the generation counts as observed;
   *   <li>waiting or generic error: removes {@code Stalled}; a present {@code Reconciling} gets
   *       reason {@code ProgressingWithRetry}; a generic error marks its condition, if it names
   *       one; an ignored generic error counts as success;
   *   <li>then {@code Ready} is derived by {@link ReadySummarizer}; a waiting or (not ignored)
   *       generic error that left {@code Ready} not False sets {@code Ready=False} with the error's
   *       reason and message;
   *   <li>{@code observedGeneration} is set when the generation counts as observed, and {@code
   *       lastHandledReconcileAt} to {@code requestedAt} when given.
   * </ul>
   *
   * @param interval the requeue delay after a success ({@code spec.interval})
   * @param retryInterval the requeue delay after a waiting error without its own delay ({@code
   *     spec.retryInterval}, defaulting to {@code interval})
   * @return when to reconcile the object again
   */
  public static RequeueDecision finish(
      FluxStatus status,
      Conditions conditions,
      ConditionTable table,
      StepRunner.Outcome outcome,
      Duration interval,
      Duration retryInterval,
      Optional<String> requestedAt,
      Optional<ReadySummarizer.Summary> success) {
    return finish(
        status, conditions, table, outcome, interval, retryInterval, requestedAt, success, true);
  }

  /**
   * As {@link #finish(FluxStatus, Conditions, ConditionTable, StepRunner.Outcome, Duration,
   * Duration, Optional, Optional)}; with {@code progressingWithRetry} false a failure leaves a
   * present {@code Reconciling} condition as the steps wrote it (Flux's helm-controller).
   */
  public static RequeueDecision finish(
      FluxStatus status,
      Conditions conditions,
      ConditionTable table,
      StepRunner.Outcome outcome,
      Duration interval,
      Duration retryInterval,
      Optional<String> requestedAt,
      Optional<ReadySummarizer.Summary> success,
      boolean progressingWithRetry) {
    ReconcileError error = outcome.error();
    StepResult result = outcome.result();
    boolean observed;
    boolean failed = false;
    if (error == null) {
      conditions.delete(ConditionTypes.STALLED);
      observed = result.kind() != StepResult.Kind.REQUEUE_AFTER;
      if (observed) {
        conditions.delete(ConditionTypes.RECONCILING);
      }
    } else {
      switch (error.kind()) {
        case STALLING -> {
          conditions.markStalled(error.reason(), error.getMessage());
          observed = true;
        }
        case WAITING -> {
          conditions.delete(ConditionTypes.STALLED);
          if (progressingWithRetry) {
            markRetrying(conditions);
          }
          observed = false;
          failed = true;
        }
        case GENERIC -> {
          ReconcileError.Generic generic = (ReconcileError.Generic) error;
          conditions.delete(ConditionTypes.STALLED);
          generic.condition().ifPresent(type -> markFailed(conditions, table, type, generic));
          observed = generic.ignored();
          failed = !generic.ignored();
          if (generic.ignored()) {
            conditions.delete(ConditionTypes.RECONCILING);
          } else if (progressingWithRetry) {
            markRetrying(conditions);
          }
        }
        default -> throw new IllegalStateException("unknown error kind " + error.kind());
      }
    }
    ReadySummarizer.summarize(conditions, table, error == null ? success : Optional.empty());
    if (failed && !conditions.isFalse(ConditionTypes.READY)) {
      conditions.markFalse(ConditionTypes.READY, error.reason(), error.getMessage());
    }
    if (observed) {
      status.setObservedGeneration(conditions.generation());
    }
    requestedAt.ifPresent(status::setLastHandledReconcileAt);
    return RequeuePolicy.decide(result, error, interval, retryInterval);
  }

  private static void markRetrying(Conditions conditions) {
    conditions
        .get(ConditionTypes.RECONCILING)
        .ifPresent(
            c ->
                conditions.markTrue(
                    ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, c.getMessage()));
  }

  private static void markFailed(
      Conditions conditions, ConditionTable table, String type, ReconcileError error) {
    Polarity polarity = table.polarityOf(type).orElse(Polarity.NEGATIVE);
    if (polarity == Polarity.NEGATIVE) {
      conditions.markTrue(type, error.reason(), error.getMessage());
    } else {
      conditions.markFalse(type, error.reason(), error.getMessage());
    }
  }
}

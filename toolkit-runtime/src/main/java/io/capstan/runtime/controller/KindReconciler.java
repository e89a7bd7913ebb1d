package io.capstan.runtime.controller;

import io.capstan.api.meta.FluxStatus;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.reconcile.Step;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a controller writes for one kind; {@link FluxReconciler} does the rest (guards, finalizer,
 * summarizing, the single status patch, events, metrics, requeue).
 *
 * <p>Steps set conditions through {@link ReconcileContext#conditions()} and kind-specific status
 * fields on {@code context.resource().getStatus()}; they never write to the API server's status
 * themselves.
 *
 * @param <R> the custom resource
 */
public interface KindReconciler<R extends CustomResource<?, ? extends FluxStatus>> {

  /** The kind's conditions with polarity and priority, from which {@code Ready} is derived. */
  ConditionTable conditions();

  /**
   * The table for {@code resource}, when which conditions count towards {@code Ready} depends on
   * its spec (HelmRelease: {@code TestSuccess} only with tests enabled and failures not ignored);
   * defaults to {@link #conditions()}.
   */
  default ConditionTable conditions(R resource) {
    return conditions();
  }

  /** The named steps of one reconcile, in order. */
  List<Step<ReconcileContext<R>>> steps();

  /** How often the object is reconciled when nothing changes ({@code spec.interval}). */
  Duration interval(R resource);

  /**
   * How long to wait before retrying after a {@link
   * io.capstan.runtime.reconcile.ReconcileError.Waiting} error that names no delay of its own
   * (Flux's {@code spec.retryInterval}); defaults to {@link #interval}. Decided here once, so steps
   * throw {@code new ReconcileError.Waiting(reason, message)} and never carry the delay around.
   *
   * @throws IllegalArgumentException when the object's retry interval is not a valid duration (the
   *     reconcile then stalls with {@code InvalidSpec})
   */
  default Duration retryInterval(R resource) {
    return interval(resource);
  }

  /**
   * Whether a failed reconcile (a {@code Waiting} or not ignored {@code Generic} error) turns a
   * present {@code Reconciling} condition's reason into {@code ProgressingWithRetry}, as Flux's
   * kustomize-controller ({@code finalizeStatus}) and source-controller ({@code summarize}) do;
   * default true. Flux's helm-controller has no such rule: {@code Reconciling} keeps what its steps
   * wrote ({@code Progressing "Fulfilling prerequisites"} while a dependency or the source is
   * awaited; its release steps set {@code ProgressingWithRetry} themselves).
   */
  default boolean progressingWithRetryOnFailure() {
    return true;
  }

  /**
   * Releases what the object holds before it goes away (stored artifacts, applied objects). Runs
   * once the object is being deleted and before the {@code finalizers.fluxcd.io} finalizer is
   * removed; throwing records a Warning event, keeps the finalizer and retries with backoff, except
   * for an {@link io.capstan.runtime.reconcile.ReconcileError.Generic#ignoring() ignoring} error,
   * which records its Warning event and lets the finalizer go (Flux's "failed to wait for resources
   * termination").
   */
  default void cleanup(R resource) throws Exception {}

  /**
   * Metadata for the events about {@code resource}, e.g. {@code revision} → the artifact revision.
   * Keys without a {@code /} get the kind's API group as prefix.
   */
  default Map<String, String> eventMetadata(R resource) {
    return Map.of();
  }

  /**
   * Whether every successful reconcile records Flux's "Reconciliation finished in {@code <took>},
   * next run in {@code <interval>}" Normal event (reason: the {@code Ready} reason), as Flux's
   * kustomize-controller does, also when nothing changed; the returned metadata is added to the
   * reconcile's event metadata (keys without a {@code /} get the kind's API group as prefix), e.g.
   * {@code commit_status: update} for notification-controller's commit-status providers. That event
   * replaces the {@code Ready} transition event. Empty (the default): only {@code Ready}
   * transitions record an event.
   */
  default Optional<Map<String, String>> successEventMetadata(R resource) {
    return Optional.empty();
  }
}

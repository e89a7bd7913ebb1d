package io.capstan.runtime.controller;

import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.testkind.Widget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test-only kind reconciler written the way a real controller would be: a condition table and two
 * named steps. What the "fetch" step does next is scripted by the test.
 */
final class WidgetReconciler implements KindReconciler<Widget> {

  /** What the fetch step does on its next run. */
  @FunctionalInterface
  interface Fetch {
    StepResult run(ReconcileContext<Widget> context) throws Exception;
  }

  final List<String> cleanedUp = new ArrayList<>();
  Fetch fetch = fetched("r1");
  Exception cleanupFailure;
  Duration retryInterval;

  /** A successful fetch of {@code revision}. */
  static Fetch fetched(String revision) {
    return context -> {
      context.conditions().delete("FetchFailed");
      context.resource().getStatus().setRevision(revision);
      context
          .conditions()
          .markTrue(
              "ArtifactInStorage", "Succeeded", "stored artifact for revision '" + revision + "'");
      context.annotateEvents(EventRecorder.REVISION, revision);
      return StepResult.SUCCESS;
    };
  }

  @Override
  public ConditionTable conditions() {
    return ConditionTable.builder()
        .negative("FetchFailed")
        .negative("ArtifactOutdated")
        .positive("ArtifactInStorage")
        .build();
  }

  @Override
  public List<Step<ReconcileContext<Widget>>> steps() {
    return List.of(
        Step.of("reconcileStorage", context -> StepResult.SUCCESS),
        Step.of("reconcileSource", context -> fetch.run(context)));
  }

  @Override
  public Duration interval(Widget resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public Duration retryInterval(Widget resource) {
    return retryInterval == null ? KindReconciler.super.retryInterval(resource) : retryInterval;
  }

  @Override
  public void cleanup(Widget resource) throws Exception {
    if (cleanupFailure != null) {
      throw cleanupFailure;
    }
    cleanedUp.add(resource.getMetadata().getName());
  }

  @Override
  public Map<String, String> eventMetadata(Widget resource) {
    return Map.of();
  }
}

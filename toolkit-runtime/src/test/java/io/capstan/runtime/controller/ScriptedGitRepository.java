package io.capstan.runtime.controller;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link KindReconciler} for real {@link GitRepository} objects whose fetch step is scripted by
 * the test (no Git): the test swaps {@link #fetch} and reads which runs happened.
 */
final class ScriptedGitRepository implements KindReconciler<GitRepository> {

  /** What the fetch step does on its next run. */
  @FunctionalInterface
  interface Fetch {
    StepResult run(ReconcileContext<GitRepository> context) throws Exception;
  }

  /** One run of the fetch step: the generation it saw and when it started. */
  record Run(long generation, long nanoTime) {}

  /** Runs of the fetch step (not of the reconciler: suspended objects never get here). */
  final List<Run> runs = new CopyOnWriteArrayList<>();

  /** Names of objects cleaned up. */
  final List<String> cleanedUp = new CopyOnWriteArrayList<>();

  volatile Fetch fetch = fetched("main@sha1:0123456789abcdef0123456789abcdef01234567");
  volatile Exception cleanupFailure;

  /** A successful fetch of {@code revision}: artifact stored, Ready summary set. */
  static Fetch fetched(String revision) {
    return context -> {
      context.conditions().delete("FetchFailed");
      context
          .conditions()
          .markTrue("ArtifactInStorage", "Succeeded", "stored artifact for revision " + revision);
      context.annotateEvents(EventRecorder.REVISION, revision);
      context.succeededWith("Succeeded", "stored artifact for revision '" + revision + "'");
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
  public List<Step<ReconcileContext<GitRepository>>> steps() {
    return List.of(
        Step.of("reconcileStorage", context -> StepResult.SUCCESS),
        Step.of(
            "reconcileSource",
            context -> {
              runs.add(
                  new Run(context.resource().getMetadata().getGeneration(), System.nanoTime()));
              return fetch.run(context);
            }));
  }

  @Override
  public Duration interval(GitRepository resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public void cleanup(GitRepository resource) throws Exception {
    Exception failure = cleanupFailure;
    if (failure != null) {
      throw failure;
    }
    cleanedUp.add(resource.getMetadata().getName());
  }
}

package io.capstan.helm.controller.drift;

import io.capstan.api.helm.v2.DriftDetection;
import io.capstan.api.helm.v2.DriftDetectionMode;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.meta.Reasons;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.controller.HelmReleaseConditions;
import io.capstan.helm.release.Release;
import io.capstan.runtime.apply.ChangeSetEntry;
import io.capstan.runtime.apply.DiffSet;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift detection and correction for one reconcile of one HelmRelease, as Flux's helm-controller
 * does it ({@code state.go}, {@code atomic_release.go}, {@code correct_cluster_drift.go}): with
 * {@code spec.driftDetection.mode} {@code warn} or {@code enabled}, a release otherwise in sync is
 * compared with the cluster; drift is a {@code DriftDetected} Warning event with Flux's summary and
 * {@code Drifted=True}; with {@code enabled} it is corrected ({@code DriftCorrected} / {@code
 * DriftCorrectionFailed} events). Messages name objects and count fields, never values.
 */
public final class ReleaseDrift {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseDrift.class);

  /** Event reason of a successful correction. */
  public static final String DRIFT_CORRECTED = "DriftCorrected";

  /** Event reason of a failed (or partial) correction. */
  public static final String DRIFT_CORRECTION_FAILED = "DriftCorrectionFailed";

  private final DriftDetectionMode mode;
  private final DriftIgnoreRules ignore;

  private ReleaseDrift(DriftDetectionMode mode, DriftIgnoreRules ignore) {
    this.mode = mode;
    this.ignore = ignore;
  }

  /**
   * The drift settings of {@code hr}; an ignore rule that does not compile is {@code Stalled=True
   * InvalidSpec}.
   */
  public static ReleaseDrift of(HelmRelease hr) {
    DriftDetection d = hr.getSpec().getDriftDetection();
    DriftDetectionMode mode =
        d == null || d.getMode() == null ? DriftDetectionMode.disabled : d.getMode();
    try {
      return new ReleaseDrift(mode, DriftIgnoreRules.of(d == null ? null : d.getIgnore()));
    } catch (IllegalArgumentException e) {
      throw new ReconcileError.Stalling(Reasons.INVALID_SPEC, e.getMessage());
    }
  }

  /** Flux's {@code MustDetectChanges}: mode {@code enabled} or {@code warn}. */
  public boolean detects() {
    return mode == DriftDetectionMode.enabled || mode == DriftDetectionMode.warn;
  }

  /** Mode {@code enabled}: detected drift is corrected. */
  public boolean corrects() {
    return mode == DriftDetectionMode.enabled;
  }

  /**
   * Compares the last release with the cluster. An error without any detected change is Flux's
   * {@code StateError} ("unable to determine cluster state"); errors next to changes are logged and
   * the changes reported.
   */
  public DiffSet detect(HelmActions actions, Release release) {
    DiffSet set;
    try {
      set = ClusterDrift.detect(actions, release, ignore);
    } catch (ActionException e) {
      throw stateError(e.getMessage());
    }
    if (!set.errors().isEmpty()) {
      String errors = String.join("; ", set.errors());
      if (!set.hasChanges()) {
        throw stateError(errors);
      }
      LOG.warn("diff of release against cluster state completed with error: {}", errors);
    }
    return set;
  }

  private static ReconcileError stateError(String message) {
    return new ReconcileError.Generic(
        HelmReleaseConditions.STATE_ERROR,
        "Could not determine release state: unable to determine cluster state: " + message);
  }

  /** Records detected drift: {@code DriftDetected} Warning event and {@code Drifted=True}. */
  public void reportDrift(ReconcileContext<HelmRelease> ctx, DiffSet set, String fullReleaseName) {
    String message =
        "Cluster state of release "
            + fullReleaseName
            + " has drifted from the desired state:\n"
            + DriftSummary.of(set);
    LOG.info(
        "detected changes in cluster state: {} ({})",
        DriftSummary.brief(set),
        set.changes().stream()
            .map(d -> d.ref() + " " + d.paths())
            .collect(Collectors.joining(", ")));
    ctx.event(EventType.WARNING, HelmReleaseConditions.DRIFT_DETECTED, message);
    ctx.conditions()
        .markTrue(HelmReleaseConditions.DRIFTED, HelmReleaseConditions.DRIFT_DETECTED, message);
  }

  /** Records a comparison without drift: {@code Drifted=False NoDriftDetected}. */
  public void reportNoDrift(ReconcileContext<HelmRelease> ctx, String fullReleaseName) {
    ctx.conditions()
        .markFalse(
            HelmReleaseConditions.DRIFTED,
            HelmReleaseConditions.NO_DRIFT_DETECTED,
            "No drift detected in the cluster state of release " + fullReleaseName);
  }

  /**
   * Flux's {@code CorrectClusterDrift}: applies the drifted objects again and reports it with a
   * {@code DriftCorrected} or {@code DriftCorrectionFailed} event.
   *
   * @return whether every object was corrected
   */
  public boolean correct(
      ReconcileContext<HelmRelease> ctx, HelmActions actions, DiffSet set, String fullReleaseName) {
    ClusterDrift.Correction result = ClusterDrift.correct(actions, set, ignore);
    String applied =
        result.applied().entries().stream()
            .filter(e -> e.action() != io.capstan.runtime.apply.Action.UNCHANGED)
            .map(ChangeSetEntry::toString)
            .collect(Collectors.joining("\n"));
    if (!result.succeeded()) {
      StringBuilder b = new StringBuilder("Failed to ");
      if (!applied.isEmpty()) {
        b.append("partially ");
      }
      b.append("correct cluster state of release ")
          .append(fullReleaseName)
          .append(":\n")
          .append(result.error());
      if (!applied.isEmpty()) {
        b.append("\n\nSuccessful corrections:\n").append(applied);
      }
      ctx.event(EventType.WARNING, DRIFT_CORRECTION_FAILED, b.toString());
      return false;
    }
    if (!applied.isEmpty()) {
      ctx.event(
          EventType.NORMAL,
          DRIFT_CORRECTED,
          "Cluster state of release " + fullReleaseName + " has been corrected:\n" + applied);
    }
    return true;
  }
}

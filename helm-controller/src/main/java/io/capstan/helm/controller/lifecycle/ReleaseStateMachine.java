package io.capstan.helm.controller.lifecycle;

import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.ReleaseAction;
import io.capstan.api.helm.v2.RemediationStrategy;
import io.capstan.helm.controller.HelmReleaseConditions;
import io.capstan.helm.controller.lifecycle.ReleaseState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The HelmRelease lifecycle as Flux's helm-controller models it ({@code internal/reconcile} {@code
 * state.go} and {@code atomic_release.go}): {@link #state} compares the release in Helm's storage
 * with what the HelmRelease recorded and wants; {@link #decide} picks the next action from that
 * state, the failure counters and the remediation settings. Both are pure functions of an {@link
 * Observation}.
 */
public final class ReleaseStateMachine {

  private ReleaseStateMachine() {}

  /** Flux's {@code DetermineReleaseState}. */
  public static ReleaseState state(Observation o) {
    ObservedRelease last = o.last();
    if (last == null) {
      return ReleaseState.of(Status.ABSENT, "no release in storage for object");
    }
    if (last.isPending()) {
      return ReleaseState.of(Status.LOCKED, "release with status '" + last.status() + "'");
    }
    HelmReleaseSnapshot cur = Snapshots.latest(o.history());
    if (cur == null) {
      if ("uninstalled".equals(last.status())) {
        return ReleaseState.of(Status.ABSENT, "found uninstalled release in storage");
      }
      return ReleaseState.of(Status.UNMANAGED, "found existing release in storage");
    }
    String mismatch = verify(cur, last);
    if (mismatch != null) {
      return ReleaseState.of(Status.UNMANAGED, mismatch);
    }
    switch (last.status()) {
      case "failed":
        return ReleaseState.of(Status.FAILED);
      case "uninstalled":
        return ReleaseState.of(Status.ABSENT, "found uninstalled release in storage");
      case "deployed":
        break;
      default:
        return ReleaseState.of(
            Status.UNKNOWN,
            "unable to determine state for release with status '" + last.status() + "'");
    }
    if (!Objects.equals(last.chartName(), o.chartName())
        || !Objects.equals(last.chartVersion(), o.chartVersion())) {
      return ReleaseState.of(Status.OUT_OF_SYNC, "release chart changed");
    }
    if (!Objects.equals(cur.getConfigDigest(), o.configDigest())) {
      return ReleaseState.of(Status.OUT_OF_SYNC, "release config values changed");
    }
    if (o.postRenderersChanged()) {
      return ReleaseState.of(Status.OUT_OF_SYNC, "post-renderers or common metadata changed");
    }
    if (o.testEnabled()) {
      if (!Snapshots.hasBeenTested(cur)) {
        return ReleaseState.of(Status.UNTESTED);
      }
      Remediation active = o.activeRemediation();
      if (active != null
          && !active.mustIgnoreTestFailures(o.testIgnoreFailures())
          && Snapshots.hasTestInPhase(cur, Snapshots.PHASE_FAILED)) {
        return ReleaseState.of(Status.FAILED, "release has test in failed phase");
      }
    }
    if (o.driftDetection() && o.drifted()) {
      return ReleaseState.of(Status.DRIFTED);
    }
    return ReleaseState.of(Status.IN_SYNC);
  }

  /** Flux's {@code VerifyReleaseObject}: null when {@code cur} records exactly {@code rls}. */
  static String verify(HelmReleaseSnapshot cur, ObservedRelease rls) {
    if (cur.getDigest() == null || cur.getDigest().isEmpty()) {
      return "release digest verification error";
    }
    if (!Objects.equals(cur.getName(), rls.name())
        || !Objects.equals(cur.getNamespace(), rls.namespace())
        || !Objects.equals(cur.getVersion(), rls.version())
        || !Objects.equals(cur.getDigest(), rls.digest())) {
      return "release not observed to be made for object";
    }
    return null;
  }

  /** Flux's {@code actionForState}: the next action for the observed state. */
  public static Decision decide(Observation o) {
    ReleaseState state = state(o);
    List<HelmReleaseSnapshot> history = Snapshots.sorted(o.history());
    return switch (state.status()) {
      case IN_SYNC -> {
        List<HelmReleaseSnapshot> kept = Snapshots.truncate(history, o.ignoreTestFailures());
        if (o.forceRequested()) {
          yield new Decision(new NextAction.Upgrade(), state, kept, false);
        }
        yield new Decision(new NextAction.Done(), state, kept, o.remediated());
      }
      case LOCKED ->
          new Decision(
              new NextAction.Unlock(o.last().version(), o.last().status()), state, history, false);
      case ABSENT -> absent(o, state, history);
      case UNMANAGED -> new Decision(new NextAction.Upgrade(), state, List.of(), false);
      case OUT_OF_SYNC -> outOfSync(o, state, history);
      case DRIFTED ->
          new Decision(
              o.driftCorrection() ? new NextAction.CorrectDrift() : new NextAction.Done(),
              state,
              history,
              false);
      case UNTESTED -> new Decision(new NextAction.Test(), state, history, o.remediated());
      case FAILED -> failed(o, state, history);
      case UNKNOWN -> new Decision(new NextAction.Error(state.reason()), state, history, false);
    };
  }

  private static Decision absent(
      Observation o, ReleaseState state, List<HelmReleaseSnapshot> history) {
    if (o.forceRequested()) {
      return new Decision(new NextAction.Install(), state, history, false);
    }
    if (o.installRetry() != null) {
      // RetryOnFailure: no retry limit, but wait for the retry interval after a failure.
      boolean failedInstall =
          o.lastAttemptedAction() == ReleaseAction.install && o.install().failures() > 0;
      Duration wait = failedInstall ? retryWait(o, true) : null;
      NextAction next = wait == null ? new NextAction.Install() : new NextAction.RetryLater(wait);
      return new Decision(next, state, history, false);
    }
    if (o.install().retriesExhausted()) {
      return new Decision(exhausted(o, "install"), state, history, false);
    }
    return new Decision(new NextAction.Install(), state, history, false);
  }

  private static Decision outOfSync(
      Observation o, ReleaseState state, List<HelmReleaseSnapshot> history) {
    if (o.upgradeRetry() == null && o.upgrade().retriesExhausted() && !o.forceRequested()) {
      return new Decision(exhausted(o, "upgrade"), state, history, false);
    }
    return new Decision(new NextAction.Upgrade(), state, history, false);
  }

  private static Decision failed(
      Observation o, ReleaseState state, List<HelmReleaseSnapshot> history) {
    Remediation remediation = o.activeRemediation();
    if (remediation == null) {
      return new Decision(new NextAction.Upgrade(), state, history, false);
    }
    Duration retry = o.activeRetry();
    if (retry != null) {
      // RetryOnFailure: never remediate; upgrade again once the retry interval has passed.
      Duration wait = o.forceRequested() ? null : retryWait(o, true);
      NextAction next = wait == null ? new NextAction.Upgrade() : new NextAction.RetryLater(wait);
      return new Decision(next, state, history, false);
    }
    if (remediation.failures() <= 0 || o.forceRequested()) {
      return new Decision(new NextAction.Upgrade(), state, history, false);
    }
    if (remediation.retriesExhausted() && !remediation.remediateLastFailure()) {
      return new Decision(exhausted(o, "remediate failed release"), state, history, false);
    }
    boolean ignoreTests = remediation.mustIgnoreTestFailures(o.testIgnoreFailures());
    List<HelmReleaseSnapshot> kept = Snapshots.truncate(history, ignoreTests);
    if (remediation.strategy() == RemediationStrategy.uninstall) {
      return new Decision(new NextAction.Uninstall(), state, kept, false);
    }
    HelmReleaseSnapshot prev = Snapshots.previous(kept, ignoreTests);
    if (prev == null || !o.stored().containsKey(prev.getVersion())) {
      return new Decision(
          new NextAction.Stall(
              HelmReleaseConditions.MISSING_ROLLBACK_TARGET,
              "Failed to perform remediation: missing target release for rollback: cannot"
                  + " remediate failed release"),
          state,
          kept,
          false);
    }
    ObservedRelease target = o.stored().get(prev.getVersion());
    if (verify(prev, target) != null) {
      // The rollback target was changed behind our back: upgrading is the safer remediation.
      return new Decision(new NextAction.Upgrade(), state, kept, false);
    }
    return new Decision(new NextAction.Rollback(prev.getVersion()), state, kept, false);
  }

  /** How long to wait before retrying under {@code RetryOnFailure}; null when it may run now. */
  private static Duration retryWait(Observation o, boolean applies) {
    Duration interval = o.activeRetry();
    if (!applies || interval == null || o.lastFailure() == null || o.now() == null) {
      return null;
    }
    Instant due = o.lastFailure().plus(interval);
    return o.now().isBefore(due) ? Duration.between(o.now(), due) : null;
  }

  private static NextAction exhausted(Observation o, String what) {
    Remediation active = o.activeRemediation();
    String action = o.lastAttemptedAction() == null ? what : o.lastAttemptedAction().name();
    long attempts = active == null ? 0 : active.failures();
    return new NextAction.Stall(
        HelmReleaseConditions.RETRIES_EXCEEDED,
        "Failed to " + action + " after " + attempts + " attempt(s)");
  }
}

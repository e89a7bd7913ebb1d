package io.capstan.helm.controller.lifecycle;

import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.ReleaseAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the release state machine decides from, gathered before a decision: the releases in
 * Helm's storage, the HelmRelease's recorded history and counters, and the desired chart and
 * values. Immutable, so {@link ReleaseStateMachine#decide} is a pure function of it.
 *
 * @param last the newest release in storage, null when there is none
 * @param stored every release in storage by version (to verify a rollback target)
 * @param history {@code status.history}
 * @param chartName the desired chart's name
 * @param chartVersion the desired chart's version
 * @param configDigest the digest of the desired values ({@code sha256:...})
 * @param testEnabled {@code spec.test.enable}
 * @param testIgnoreFailures {@code spec.test.ignoreFailures}
 * @param lastAttemptedAction {@code status.lastAttemptedReleaseAction}, null before any
 * @param install the install remediation with {@code status.installFailures}
 * @param upgrade the upgrade remediation with {@code status.upgradeFailures}
 * @param installRetry {@code spec.install.strategy.retryInterval} when the strategy is {@code
 *     RetryOnFailure}, else null
 * @param upgradeRetry the same for upgrades
 * @param forceRequested a {@code reconcile.fluxcd.io/forceAt} request is being handled
 * @param remediated {@code Remediated=True} on the HelmRelease
 * @param driftDetection whether drift detection is enabled ({@code enabled} or {@code warn})
 * @param driftCorrection whether detected drift is corrected ({@code enabled})
 * @param drifted the cluster differs from the release manifest (only read with drift detection)
 * @param now the decision time
 * @param lastFailure when the last release action failed, null if unknown
 * @param postRenderersChanged {@code status.observedPostRenderersDigest} (or {@code
 *     observedCommonMetadataDigest}) differs from the digest of {@code spec.postRenderers} (or
 *     {@code spec.commonMetadata})
 */
public record Observation(
    ObservedRelease last,
    Map<Integer, ObservedRelease> stored,
    List<HelmReleaseSnapshot> history,
    String chartName,
    String chartVersion,
    String configDigest,
    boolean testEnabled,
    boolean testIgnoreFailures,
    ReleaseAction lastAttemptedAction,
    Remediation install,
    Remediation upgrade,
    Duration installRetry,
    Duration upgradeRetry,
    boolean forceRequested,
    boolean remediated,
    boolean driftDetection,
    boolean driftCorrection,
    boolean drifted,
    Instant now,
    Instant lastFailure,
    boolean postRenderersChanged) {

  /** Copies the collections. */
  public Observation {
    stored = Map.copyOf(stored == null ? Map.of() : stored);
    history = List.copyOf(history == null ? List.of() : history);
  }

  /**
   * This observation with the result of a drift check: {@code detection} and {@code correction}
   * from {@code spec.driftDetection.mode}, {@code drifted} from the comparison with the cluster.
   */
  public Observation withDrift(boolean detection, boolean correction, boolean drifted) {
    return new Observation(
        last,
        stored,
        history,
        chartName,
        chartVersion,
        configDigest,
        testEnabled,
        testIgnoreFailures,
        lastAttemptedAction,
        install,
        upgrade,
        installRetry,
        upgradeRetry,
        forceRequested,
        remediated,
        detection,
        correction,
        drifted,
        now,
        lastFailure,
        postRenderersChanged);
  }

  /** The remediation of the last attempted action (Flux's active remediation), null before any. */
  public Remediation activeRemediation() {
    if (lastAttemptedAction == null) {
      return null;
    }
    return lastAttemptedAction == ReleaseAction.install ? install : upgrade;
  }

  /** The retry interval of the last attempted action under {@code RetryOnFailure}, else null. */
  public Duration activeRetry() {
    if (lastAttemptedAction == null) {
      return null;
    }
    return lastAttemptedAction == ReleaseAction.install ? installRetry : upgradeRetry;
  }

  /** Whether test failures are ignored under the active remediation. */
  public boolean ignoreTestFailures() {
    Remediation active = activeRemediation();
    return active == null ? testIgnoreFailures : active.mustIgnoreTestFailures(testIgnoreFailures);
  }
}

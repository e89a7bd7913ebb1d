package io.capstan.runtime.process;

import java.time.Duration;
import java.util.Objects;

/**
 * How a controller process elects its leader (Flux's leaderelection options).
 *
 * @param enabled whether to elect at all; when false the process reconciles at once
 * @param leaseName the {@code coordination.k8s.io/v1} Lease, {@code <controller>-leader-election}
 * @param namespace where the Lease lives (the controller's runtime namespace)
 * @param leaseDuration how long non-leaders wait before taking over an unrenewed Lease
 * @param renewDeadline how long the leader keeps trying to renew before it gives up
 * @param retryPeriod how often candidates try to acquire or renew
 * @param releaseOnCancel whether a graceful shutdown clears the Lease's holder
 */
public record LeaderElectionSettings(
    boolean enabled,
    String leaseName,
    String namespace,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean releaseOnCancel) {

  /** Validates an enabled election: names present, renew deadline within the lease duration. */
  public LeaderElectionSettings {
    if (enabled) {
      Objects.requireNonNull(leaseName, "leaseName");
      if (namespace == null || namespace.isBlank()) {
        throw new IllegalArgumentException(
            "leader election needs a namespace: set RUNTIME_NAMESPACE or run in a cluster");
      }
      if (renewDeadline.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException(
            "--leader-election-renew-deadline must be shorter than the lease duration");
      }
      if (retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            "--leader-election-retry-period must be shorter than the renew deadline");
      }
    }
  }

  /** No election: the process reconciles as soon as it starts. */
  public static LeaderElectionSettings disabled() {
    return new LeaderElectionSettings(false, null, null, null, null, null, false);
  }
}

package io.capstan.helm.action;

import io.capstan.runtime.health.HealthRule;
import java.time.Duration;

/**
 * Rolls a release back to an earlier revision ({@code helm rollback}).
 *
 * @param releaseName the release
 * @param toVersion the revision to roll back to; 0 = the one before the latest
 * @param timeout how long to wait for hooks and, with {@code wait}, for the objects
 * @param waitForResources wait until the objects are ready
 * @param waitForJobs also wait for Jobs to complete
 * @param disableHooks skip pre/post-rollback hooks
 * @param force replace objects (delete + create) instead of applying
 * @param recreate restart the pods of workloads
 * @param cleanupOnFail delete objects created by a failed rollback
 * @param maxHistory revisions to keep (0: unlimited)
 * @param healthRule an extra health rule used when waiting (CEL {@code healthCheckExprs}), or null
 * @param waitStrategy how readiness is judged (default {@link WaitStrategy#POLLER})
 */
public record RollbackRequest(
    String releaseName,
    int toVersion,
    Duration timeout,
    boolean waitForResources,
    boolean waitForJobs,
    boolean disableHooks,
    boolean force,
    boolean recreate,
    boolean cleanupOnFail,
    int maxHistory,
    HealthRule healthRule,
    WaitStrategy waitStrategy) {
  public RollbackRequest {
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    waitStrategy = waitStrategy == null ? WaitStrategy.POLLER : waitStrategy;
  }

  /** How to wait for the rolled-back objects. */
  Wait waiting() {
    return new Wait(waitForResources, waitForJobs, timeout, healthRule, waitStrategy);
  }

  /** Defaults: previous revision, 5m, no wait, hooks on, no force, unlimited history. */
  public static RollbackRequest of(String releaseName, int toVersion) {
    return new RollbackRequest(
        releaseName, toVersion, null, false, false, false, false, false, false, 0, null, null);
  }
}

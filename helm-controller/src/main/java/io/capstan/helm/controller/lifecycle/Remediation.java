package io.capstan.helm.controller.lifecycle;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.api.helm.v2.InstallRemediation;
import io.capstan.api.helm.v2.ReleaseAction;
import io.capstan.api.helm.v2.RemediationStrategy;
import io.capstan.api.helm.v2.UpgradeRemediation;

/**
 * The remediation settings of one release action with its failure count, as Flux's {@code
 * InstallRemediation}/{@code UpgradeRemediation}: install failures are remediated by uninstalling,
 * upgrade failures by rolling back (or uninstalling); {@code retries} below zero retries forever.
 *
 * @param action the action whose failures this counts
 * @param retries {@code remediation.retries} (default 0)
 * @param ignoreTestFailures {@code remediation.ignoreTestFailures}; null: {@code
 *     test.ignoreFailures}
 * @param remediateLastFailure {@code remediation.remediateLastFailure} with Flux's default (false
 *     for install; for upgrade, whether {@code retries > 0})
 * @param strategy how a failure is remediated
 * @param failures {@code status.installFailures} or {@code status.upgradeFailures}
 */
public record Remediation(
    ReleaseAction action,
    int retries,
    Boolean ignoreTestFailures,
    boolean remediateLastFailure,
    RemediationStrategy strategy,
    long failures) {

  /** The install remediation of {@code hr}. */
  public static Remediation install(HelmRelease hr) {
    InstallRemediation r =
        hr.getSpec().getInstall() == null ? null : hr.getSpec().getInstall().getRemediation();
    int retries = r == null || r.getRetries() == null ? 0 : r.getRetries();
    return new Remediation(
        ReleaseAction.install,
        retries,
        r == null ? null : r.getIgnoreTestFailures(),
        r != null && Boolean.TRUE.equals(r.getRemediateLastFailure()),
        RemediationStrategy.uninstall,
        count(hr.getStatus() == null ? null : hr.getStatus().getInstallFailures()));
  }

  /** The upgrade remediation of {@code hr}. */
  public static Remediation upgrade(HelmRelease hr) {
    UpgradeRemediation r =
        hr.getSpec().getUpgrade() == null ? null : hr.getSpec().getUpgrade().getRemediation();
    int retries = r == null || r.getRetries() == null ? 0 : r.getRetries();
    boolean last =
        r == null || r.getRemediateLastFailure() == null
            ? retries > 0
            : r.getRemediateLastFailure();
    return new Remediation(
        ReleaseAction.upgrade,
        retries,
        r == null ? null : r.getIgnoreTestFailures(),
        last,
        r == null || r.getStrategy() == null ? RemediationStrategy.rollback : r.getStrategy(),
        count(hr.getStatus() == null ? null : hr.getStatus().getUpgradeFailures()));
  }

  /**
   * The remediation of {@code status.lastAttemptedReleaseAction}, or null when no release action
   * was attempted yet (Flux's {@code GetActiveRemediation}).
   */
  public static Remediation active(HelmRelease hr) {
    HelmReleaseStatus status = hr.getStatus();
    if (status == null || status.getLastAttemptedReleaseAction() == null) {
      return null;
    }
    return status.getLastAttemptedReleaseAction() == ReleaseAction.install
        ? install(hr)
        : upgrade(hr);
  }

  /** Whether test failures are ignored, {@code testIgnoreFailures} when not set here. */
  public boolean mustIgnoreTestFailures(boolean testIgnoreFailures) {
    return ignoreTestFailures == null ? testIgnoreFailures : ignoreTestFailures;
  }

  /** No retries left: {@code retries >= 0} and more failures than retries. */
  public boolean retriesExhausted() {
    return retries >= 0 && failures > retries;
  }

  /** The same settings with another failure count. */
  public Remediation withFailures(long count) {
    return new Remediation(
        action, retries, ignoreTestFailures, remediateLastFailure, strategy, count);
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }
}

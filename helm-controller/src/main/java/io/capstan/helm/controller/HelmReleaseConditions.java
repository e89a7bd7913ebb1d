package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.Test;
import io.capstan.api.meta.Reasons;
import io.capstan.runtime.conditions.ConditionTable;
import java.util.Set;

/**
 * The condition types and reasons a HelmRelease reports, with Flux's names ({@code
 * helm-controller/api/v2} {@code condition_types.go}), and the table {@code Ready} is derived from:
 * {@code Remediated=True} is a failure, then {@code TestSuccess} (only with tests enabled and
 * failures not ignored), then {@code Released}.
 */
public final class HelmReleaseConditions {

  /** The release was installed or upgraded (or failed to be). */
  public static final String RELEASED = "Released";

  /** The Helm tests of the current release passed (or failed). */
  public static final String TEST_SUCCESS = "TestSuccess";

  /** A failed release was remediated (rolled back or uninstalled). */
  public static final String REMEDIATED = "Remediated";

  /** The cluster state drifted from the release manifest. */
  public static final String DRIFTED = "Drifted";

  public static final String INSTALL_SUCCEEDED = "InstallSucceeded";
  public static final String INSTALL_FAILED = "InstallFailed";
  public static final String UPGRADE_SUCCEEDED = "UpgradeSucceeded";
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  public static final String TEST_SUCCEEDED = "TestSucceeded";
  public static final String TEST_FAILED = "TestFailed";
  public static final String ROLLBACK_SUCCEEDED = "RollbackSucceeded";
  public static final String ROLLBACK_FAILED = "RollbackFailed";
  public static final String UNINSTALL_SUCCEEDED = "UninstallSucceeded";
  public static final String UNINSTALL_FAILED = "UninstallFailed";
  public static final String ARTIFACT_FAILED = Reasons.ARTIFACT_FAILED;
  public static final String INIT_FAILED = "InitFailed";

  /**
   * The chart version could not carry the OCI artifact's digest (Flux's {@code ChartMutateError}).
   */
  public static final String CHART_MUTATE_ERROR = "ChartMutateError";

  public static final String GET_LAST_RELEASE_FAILED = "GetLastReleaseFailed";
  public static final String DEPENDENCY_NOT_READY = Reasons.DEPENDENCY_NOT_READY;

  /** Flux's reason while the chart source is not ready ({@code isSourceReady}). */
  public static final String SOURCE_NOT_READY = "SourceNotReady";

  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String NO_DRIFT_DETECTED = "NoDriftDetected";

  /** {@code TestSuccess=False} while the tests of a new release have not run yet. */
  public static final String PENDING = "Pending";

  /** {@code Released=False} after a stale {@code pending-*} release was unlocked. */
  public static final String PENDING_RELEASE = "PendingRelease";

  /** {@code Stalled=True}: no install/upgrade retries left. */
  public static final String RETRIES_EXCEEDED = "RetriesExceeded";

  /** {@code Stalled=True}: the release to roll back to is not in the storage any more. */
  public static final String MISSING_ROLLBACK_TARGET = "MissingRollbackTarget";

  /** {@code Ready=False}: the release state could not be determined. */
  public static final String STATE_ERROR = "StateError";

  /** {@code Ready=False}: a {@code valuesFrom} reference cannot be resolved. */
  public static final String VALUES_ERROR = "ValuesError";

  /** Every reason this controller may write into a condition (for status contract checks). */
  public static final Set<String> REASONS =
      Set.of(
          Reasons.SUCCEEDED,
          Reasons.PROGRESSING,
          Reasons.PROGRESSING_WITH_RETRY,
          Reasons.RECONCILIATION_FAILED,
          Reasons.INVALID_SPEC,
          Reasons.ACCESS_DENIED,
          Reasons.INVALID_CEL_EXPRESSION,
          INSTALL_SUCCEEDED,
          INSTALL_FAILED,
          UPGRADE_SUCCEEDED,
          UPGRADE_FAILED,
          TEST_SUCCEEDED,
          TEST_FAILED,
          ROLLBACK_SUCCEEDED,
          ROLLBACK_FAILED,
          UNINSTALL_SUCCEEDED,
          UNINSTALL_FAILED,
          ARTIFACT_FAILED,
          INIT_FAILED,
          CHART_MUTATE_ERROR,
          GET_LAST_RELEASE_FAILED,
          DEPENDENCY_NOT_READY,
          SOURCE_NOT_READY,
          DRIFT_DETECTED,
          NO_DRIFT_DETECTED,
          PENDING,
          PENDING_RELEASE,
          RETRIES_EXCEEDED,
          MISSING_ROLLBACK_TARGET,
          STATE_ERROR,
          VALUES_ERROR);

  private HelmReleaseConditions() {}

  /**
   * The Ready table when tests do not count (disabled, or their failures ignored). As Flux's
   * summarize: with {@code Stalled=True} {@code RetriesExceeded} or {@code MissingRollbackTarget}
   * {@code Ready=False} keeps the failing condition's reason ({@code InstallFailed}, {@code
   * RollbackSucceeded}, ...); other stalls ({@code InvalidSpec}, {@code AccessDenied}) give theirs.
   */
  public static ConditionTable table() {
    return ConditionTable.builder()
        .negative(REMEDIATED)
        .positive(RELEASED)
        .failureOutranksStalled(RETRIES_EXCEEDED, MISSING_ROLLBACK_TARGET)
        .build();
  }

  /** The Ready table for {@code hr}: {@code TestSuccess} counts when tests must pass. */
  public static ConditionTable table(HelmRelease hr) {
    Test test = hr.getSpec() == null ? null : hr.getSpec().getTest();
    boolean testsCount =
        test != null
            && Boolean.TRUE.equals(test.getEnable())
            && !Boolean.TRUE.equals(test.getIgnoreFailures());
    if (!testsCount) {
      return table();
    }
    return ConditionTable.builder()
        .negative(REMEDIATED)
        .positive(TEST_SUCCESS)
        .positive(RELEASED)
        .failureOutranksStalled(RETRIES_EXCEEDED, MISSING_ROLLBACK_TARGET)
        .build();
  }
}

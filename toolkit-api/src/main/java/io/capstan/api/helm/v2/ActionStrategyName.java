package io.capstan.api.helm.v2;

/** Strategies for handling a failed install or upgrade. */
public enum ActionStrategyName {
  /** Remediate (rollback or uninstall) the failed release, then retry. */
  RemediateOnFailure,
  /** Retry the action after a retry interval, without remediation. */
  RetryOnFailure
}

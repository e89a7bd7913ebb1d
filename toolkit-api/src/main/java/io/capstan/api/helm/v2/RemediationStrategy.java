package io.capstan.api.helm.v2;

/** How a failed upgrade is remediated. */
public enum RemediationStrategy {
  /** Roll back to the previous release (the default). */
  rollback,
  /** Uninstall the release. */
  uninstall
}

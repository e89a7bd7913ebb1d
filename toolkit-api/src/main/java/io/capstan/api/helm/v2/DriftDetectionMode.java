package io.capstan.api.helm.v2;

/** How differences between the Helm release and the cluster are handled. */
public enum DriftDetectionMode {
  /** Detect drift and correct it. */
  enabled,
  /** Detect drift and only report it. */
  warn,
  /** Do not detect drift (the default). */
  disabled
}

package io.capstan.api.helm.v2;

/** Helm release actions that a retry or remediation strategy applies to. */
public enum ReleaseAction {
  /** A Helm install. */
  install,
  /** A Helm upgrade. */
  upgrade
}

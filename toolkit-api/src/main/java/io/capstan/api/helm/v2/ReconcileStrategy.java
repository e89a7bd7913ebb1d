package io.capstan.api.helm.v2;

/** What makes the HelmChart produce a new artifact. */
public enum ReconcileStrategy {
  /** A new chart version (the default). */
  ChartVersion,
  /** A new source revision, even with an unchanged chart version. */
  Revision
}

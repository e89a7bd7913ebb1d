package io.capstan.api.source.v1;

/** What makes a {@link HelmChart} produce a new artifact. */
public enum HelmChartReconcileStrategy {
  /** A new chart version (the default). */
  ChartVersion,
  /** A new revision of the source artifact (Git commit, bucket revision), same version or not. */
  Revision
}

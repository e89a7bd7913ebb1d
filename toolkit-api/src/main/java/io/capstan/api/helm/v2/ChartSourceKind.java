package io.capstan.api.helm.v2;

/** Source kinds a HelmChart template can take its chart from. */
public enum ChartSourceKind {
  /** A {@code source.toolkit.fluxcd.io} HelmRepository (chart repository index or OCI registry). */
  HelmRepository,
  /** A {@code source.toolkit.fluxcd.io} GitRepository holding the chart directory. */
  GitRepository,
  /** A {@code source.toolkit.fluxcd.io} Bucket holding the chart directory. */
  Bucket
}

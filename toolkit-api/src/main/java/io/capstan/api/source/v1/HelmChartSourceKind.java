package io.capstan.api.source.v1;

/** The kinds of source a {@link HelmChart} can take its chart from. */
public enum HelmChartSourceKind {
  HelmRepository,
  GitRepository,
  Bucket
}

package io.capstan.api.helm.v2;

/** Kinds of source objects a HelmRelease can reference for a ready-made chart artifact. */
public enum ChartRefKind {
  /** A {@code source.toolkit.fluxcd.io} OCIRepository holding a chart. */
  OCIRepository,
  /** A {@code source.toolkit.fluxcd.io} HelmChart. */
  HelmChart,
  /** A {@code source.toolkit.fluxcd.io} ExternalArtifact holding a chart. */
  ExternalArtifact
}

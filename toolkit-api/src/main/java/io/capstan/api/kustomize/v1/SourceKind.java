package io.capstan.api.kustomize.v1;

/** Source kinds a Kustomization can build from. */
public enum SourceKind {
  /** A {@code source.toolkit.fluxcd.io} OCIRepository. */
  OCIRepository,
  /** A {@code source.toolkit.fluxcd.io} GitRepository. */
  GitRepository,
  /** A {@code source.toolkit.fluxcd.io} Bucket. */
  Bucket,
  /** A {@code source.toolkit.fluxcd.io} ExternalArtifact. */
  ExternalArtifact
}

package io.capstan.api.notification.v1;

/** The Flux kinds that alerts can watch for events and receivers can trigger. */
public enum ResourceKind {
  Bucket,
  GitRepository,
  Kustomization,
  HelmRelease,
  HelmChart,
  HelmRepository,
  ImageRepository,
  ImagePolicy,
  ImageUpdateAutomation,
  OCIRepository,
  ArtifactGenerator,
  ExternalArtifact
}

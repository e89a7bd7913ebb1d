package io.capstan.api.source.v1;

import io.capstan.api.meta.Artifact;

/**
 * A status that advertises an {@link Artifact}: what consumers (kustomize-controller,
 * helm-controller) read from any source kind, without knowing which kind it is.
 */
public interface ArtifactSourceStatus {

  /** The last successfully produced artifact, or {@code null} when there is none yet. */
  Artifact getArtifact();
}

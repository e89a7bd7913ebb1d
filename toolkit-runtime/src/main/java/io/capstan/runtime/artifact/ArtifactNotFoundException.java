package io.capstan.runtime.artifact;

/**
 * The artifact server answered 404: the artifact was garbage-collected or not written yet. Not
 * retried: the consumer should wait for the source to advertise a new artifact.
 */
public class ArtifactNotFoundException extends ArtifactFetchException {
  private static final long serialVersionUID = 1L;

  /** The artifact at {@code url} does not exist on the server. */
  public ArtifactNotFoundException(String url) {
    super("artifact not found: " + url + " (HTTP 404)");
  }
}

package io.capstan.runtime.artifact;

import java.io.IOException;

/**
 * An artifact could not be obtained, verified or extracted. Subclasses say why precisely, so a
 * controller can map them to conditions (for example {@code ArtifactFailed}); this base type alone
 * means a transport failure (HTTP status, connection, timeout) that survived the retries.
 */
public class ArtifactFetchException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message naming the artifact and the cause. */
  public ArtifactFetchException(String message) {
    super(message);
  }

  /** A failure caused by a lower-level exception. */
  public ArtifactFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}

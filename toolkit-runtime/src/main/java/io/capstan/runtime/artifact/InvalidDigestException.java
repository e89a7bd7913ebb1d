package io.capstan.runtime.artifact;

/**
 * An advertised digest cannot be used for verification: empty, malformed, or of an unsupported
 * algorithm. The artifact is not downloaded.
 */
public class InvalidDigestException extends ArtifactFetchException {
  private static final long serialVersionUID = 1L;

  /** The digest {@code value} is unusable for the stated {@code reason}. */
  public InvalidDigestException(String value, String reason) {
    super("invalid digest '" + value + "': " + reason);
  }
}

package io.capstan.runtime.artifact;

/**
 * The bytes obtained do not have the advertised digest: the artifact was tampered with, truncated,
 * or replaced. Never retried, and nothing from the download is extracted.
 */
public class ArtifactDigestMismatchException extends ArtifactFetchException {
  private static final long serialVersionUID = 1L;

  private final transient ArtifactDigest expected;
  private final transient ArtifactDigest actual;

  /**
   * The content of {@code what} (a URL or a path) has {@code actual} instead of {@code expected}.
   */
  public ArtifactDigestMismatchException(
      String what, ArtifactDigest expected, ArtifactDigest actual) {
    super(
        "digest mismatch for "
            + what
            + ": expected '"
            + expected
            + "' but computed '"
            + actual
            + "'");
    this.expected = expected;
    this.actual = actual;
  }

  /** The digest that was advertised. */
  public ArtifactDigest expected() {
    return expected;
  }

  /** The digest of the bytes actually obtained. */
  public ArtifactDigest actual() {
    return actual;
  }
}

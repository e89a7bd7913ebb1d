package io.capstan.oci;

/**
 * A failed registry operation, typed so that callers can map it to their own reasons (Flux's {@code
 * AuthenticationFailed}, {@code OCIArtifactPullFailed}, ...). Messages name the registry, the
 * repository and the HTTP status, never credentials or tokens.
 */
public abstract sealed class OciException extends Exception {

  private OciException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The registry refused the credentials (HTTP 401 or 403, or the token service refused). */
  public static final class Unauthorized extends OciException {
    private final int status;

    public Unauthorized(String message, int status) {
      super(message, null);
      this.status = status;
    }

    /** The HTTP status (401 or 403). */
    public int status() {
      return status;
    }
  }

  /** The repository, tag, manifest or blob does not exist (HTTP 404). */
  public static final class NotFound extends OciException {
    public NotFound(String message) {
      super(message, null);
    }
  }

  /** Content did not hash to the digest the registry (or the caller) announced. */
  public static final class DigestMismatch extends OciException {
    public DigestMismatch(String message) {
      super(message, null);
    }
  }

  /** Content is larger than the caller's limit; nothing beyond the limit was read. */
  public static final class TooLarge extends OciException {
    public TooLarge(String message) {
      super(message, null);
    }
  }

  /** The registry could not be reached (connection refused, TLS failure, timeout). */
  public static final class Unreachable extends OciException {
    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The deadline of a {@link OciClient#withDeadline deadline-bound} client passed before the
   * operation finished (Go's {@code context deadline exceeded}); never retried.
   */
  public static final class DeadlineExceeded extends OciException {
    public DeadlineExceeded(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The registry answered with an unexpected status or an unreadable body. */
  public static final class Protocol extends OciException {
    private final int status;

    public Protocol(String message, int status) {
      super(message, null);
      this.status = status;
    }

    /** The HTTP status, or 0 when the body (not the status) was wrong. */
    public int status() {
      return status;
    }

    /** Whether retrying may help (5xx, 429). */
    public boolean transientFailure() {
      return status >= 500 || status == 429;
    }
  }
}

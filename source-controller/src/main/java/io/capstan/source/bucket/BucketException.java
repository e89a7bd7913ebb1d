package io.capstan.source.bucket;

/**
 * A failed bucket operation. The message is safe to show in a condition: it never contains
 * credentials.
 */
public class BucketException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public BucketException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public BucketException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The secret or client configuration cannot work (Flux's {@code AuthenticationFailed}). */
  public static final class InvalidConfiguration extends BucketException {
    private static final long serialVersionUID = 1L;

    /** A configuration problem described by {@code message}. */
    public InvalidConfiguration(String message) {
      super(message);
    }
  }
}

package io.capstan.local.kube;

/**
 * A control-plane process could not start or stopped running; the message carries the last lines of
 * its log so a test failure explains itself.
 */
public final class ControlPlaneFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public ControlPlaneFailedException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public ControlPlaneFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

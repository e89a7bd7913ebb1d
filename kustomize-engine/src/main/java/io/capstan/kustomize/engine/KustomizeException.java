package io.capstan.kustomize.engine;

/** A build failure with a message meant for the user (file, line, field or resource id). */
public class KustomizeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception carrying a user-facing message. */
  public KustomizeException(String message) {
    super(message);
  }

  /** Creates an exception carrying a user-facing message and its cause. */
  public KustomizeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns a new exception whose message is prefixed with {@code context}. */
  public KustomizeException wrap(String context) {
    return new KustomizeException(context + ": " + getMessage(), this);
  }
}

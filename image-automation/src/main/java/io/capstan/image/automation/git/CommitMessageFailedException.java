package io.capstan.image.automation.git;

/** The commit message template could not be rendered (nothing is committed). */
public final class CommitMessageFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Creates the error. */
  public CommitMessageFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

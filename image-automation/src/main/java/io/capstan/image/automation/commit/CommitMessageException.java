package io.capstan.image.automation.commit;

/**
 * A commit message template that does not parse or fails to execute. The message is Flux's ({@code
 * unable to create commit message template from spec: ...} or {@code failed to run template from
 * spec: ...}); either way the spec must change before a retry can succeed.
 */
public final class CommitMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean parseError;

  CommitMessageException(String message, boolean parseError, Throwable cause) {
    super(message, cause);
    this.parseError = parseError;
  }

  /** True when the template did not parse; false when it failed while executing. */
  public boolean isParseError() {
    return parseError;
  }
}

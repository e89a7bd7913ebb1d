package io.capstan.git;

/**
 * A commit or tag could not be verified. {@link #reason()} is the Flux reason for the {@code
 * SourceVerified=False} condition; {@link #isStalling()} tells whether only a spec change can fix
 * it (a tag mode without a tag reference) rather than a new commit, tag or key.
 */
public final class VerificationException extends Exception {

  /** The spec asks to verify a tag but the checkout did not go through an annotated tag. */
  public static final String INVALID_VERIFICATION_MODE = "InvalidVerificationMode";

  /** The tag to verify carries no signature. */
  public static final String INVALID_GIT_OBJECT = "InvalidGitObject";

  /** The tag's signature does not verify with any trusted key. */
  public static final String INVALID_TAG_SIGNATURE = "InvalidTagSignature";

  /** The commit's signature is missing or does not verify with any trusted key. */
  public static final String INVALID_COMMIT_SIGNATURE = "InvalidCommitSignature";

  private final String reason;

  VerificationException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The Flux condition reason. */
  public String reason() {
    return reason;
  }

  /** Whether retrying without a spec change cannot help. */
  public boolean isStalling() {
    return INVALID_VERIFICATION_MODE.equals(reason);
  }
}

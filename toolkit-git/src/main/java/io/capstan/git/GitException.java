package io.capstan.git;

/**
 * Why a Git operation failed. Each subtype maps to the Flux condition reason a controller reports:
 * {@code AuthenticationFailed} for credential problems, {@code GitOperationFailed} otherwise.
 * Messages never contain secret values.
 */
public abstract sealed class GitException extends Exception
    permits GitException.InvalidAuth,
        GitException.AuthenticationFailed,
        GitException.UnknownHostKey,
        GitException.ReferenceNotFound,
        GitException.RepositoryNotFound,
        GitException.Unreachable,
        GitException.TimedOut,
        GitException.PushRejected,
        GitException.OperationFailed {

  /** Flux's reason for credential problems. */
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";

  /** Flux's reason for any other failed Git operation. */
  public static final String GIT_OPERATION_FAILED = "GitOperationFailed";

  GitException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The Flux condition reason for this failure. */
  public String reason() {
    return GIT_OPERATION_FAILED;
  }

  /** The secret's data cannot form valid credentials for the URL (a spec/secret problem). */
  public static final class InvalidAuth extends GitException {
    /** Creates the error with a message naming the offending keys, never their values. */
    public InvalidAuth(String message) {
      super(message, null);
    }

    @Override
    public String reason() {
      return AUTHENTICATION_FAILED;
    }
  }

  /** The server refused the credentials (or demanded some and none were given). */
  public static final class AuthenticationFailed extends GitException {
    /** Creates the error. */
    public AuthenticationFailed(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String reason() {
      return AUTHENTICATION_FAILED;
    }
  }

  /** The SSH server's host key is not in {@code known_hosts}; nothing was sent to it. */
  public static final class UnknownHostKey extends GitException {
    /** Creates the error. */
    public UnknownHostKey(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String reason() {
      return AUTHENTICATION_FAILED;
    }
  }

  /** The branch, tag, reference, semver range or commit does not exist on the remote. */
  public static final class ReferenceNotFound extends GitException {
    /** Creates the error. */
    public ReferenceNotFound(String message) {
      super(message, null);
    }
  }

  /** The server answered but has no repository at that URL. */
  public static final class RepositoryNotFound extends GitException {
    /** Creates the error. */
    public RepositoryNotFound(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No connection could be made (refused, no route, unknown host). */
  public static final class Unreachable extends GitException {
    /** Creates the error. */
    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The operation did not finish within its timeout. */
  public static final class TimedOut extends GitException {
    /** Creates the error. */
    public TimedOut(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Any other failure of the Git operation. */
  public static final class OperationFailed extends GitException {
    /** Creates the error. */
    public OperationFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The remote refused a push because the branch moved on (not a fast-forward from what was
   * pushed): fetch again, redo the change on top and push again.
   */
  public static final class PushRejected extends GitException {
    private final String remoteRef;

    /** Creates the error for {@code remoteRef}. */
    public PushRejected(String remoteRef, String message) {
      super(message, null);
      this.remoteRef = remoteRef;
    }

    /** The remote reference that was not updated, e.g. {@code refs/heads/main}. */
    public String remoteRef() {
      return remoteRef;
    }
  }
}

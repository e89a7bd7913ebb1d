package io.capstan.helm.action;

import io.capstan.helm.release.Release;
import java.util.Optional;

/**
 * A Helm action failed. {@link #release()} is the release as it was recorded when the failure
 * happened (e.g. a {@code failed} revision written by a failed install or upgrade), or empty when
 * nothing was recorded (rendering failed, a release is locked, ...).
 */
public class ActionException extends Exception {
  private final transient Release release;

  public ActionException(String message) {
    this(message, null, null);
  }

  public ActionException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public ActionException(String message, Release release, Throwable cause) {
    super(message, cause);
    this.release = release;
  }

  /** The release as recorded by the failed action, if any. */
  public Optional<Release> release() {
    return Optional.ofNullable(release);
  }
}

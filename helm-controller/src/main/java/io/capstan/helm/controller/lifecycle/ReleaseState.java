package io.capstan.helm.controller.lifecycle;

/**
 * The state of the Helm release compared with the HelmRelease, as Flux's {@code
 * DetermineReleaseState}.
 *
 * @param status the state
 * @param reason why, for logs and messages (may be empty)
 */
public record ReleaseState(Status status, String reason) {

  /** Flux's {@code ReleaseStatus} values. */
  public enum Status {
    /** Could not be determined: an error. */
    UNKNOWN,
    /** No release in storage (or only an uninstalled one). */
    ABSENT,
    /** A release exists that this HelmRelease did not record making. */
    UNMANAGED,
    /** The deployed release has another chart or other values than desired. */
    OUT_OF_SYNC,
    /** The cluster differs from the release manifest. */
    DRIFTED,
    /** The newest release is {@code pending-*}. */
    LOCKED,
    /** Tests are enabled and the release has not been tested. */
    UNTESTED,
    /** Nothing to do. */
    IN_SYNC,
    /** The newest release failed (or its tests did). */
    FAILED
  }

  static ReleaseState of(Status status) {
    return new ReleaseState(status, "");
  }

  static ReleaseState of(Status status, String reason) {
    return new ReleaseState(status, reason);
  }
}

package io.capstan.runtime.health;

/**
 * The kstatus states an object can be in, as {@code sigs.k8s.io/cli-utils/pkg/kstatus} names them.
 */
public enum HealthStatus {
  /** The object's actual state matches its desired state. */
  CURRENT("Current"),
  /** The object is still converging; it may become Current without intervention. */
  IN_PROGRESS("InProgress"),
  /** The object reported an error that will not resolve by waiting. */
  FAILED("Failed"),
  /** The object is being deleted. */
  TERMINATING("Terminating"),
  /** The object does not exist. */
  NOT_FOUND("NotFound"),
  /** The status could not be determined. */
  UNKNOWN("Unknown");

  private final String display;

  HealthStatus(String display) {
    this.display = display;
  }

  /** The kstatus spelling, e.g. {@code InProgress}. */
  @Override
  public String toString() {
    return display;
  }
}

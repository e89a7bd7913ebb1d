package io.capstan.runtime.health;

import java.util.Objects;

/**
 * The computed health of one object: a kstatus state and a human-readable message saying why.
 *
 * @param status the kstatus state
 * @param message why the object is in that state (never null)
 */
public record Health(HealthStatus status, String message) {

  /** Validates that both fields are present. */
  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  static Health current(String message) {
    return new Health(HealthStatus.CURRENT, message);
  }

  static Health inProgress(String message) {
    return new Health(HealthStatus.IN_PROGRESS, message);
  }

  static Health failed(String message) {
    return new Health(HealthStatus.FAILED, message);
  }

  /** True when the object is Current. */
  public boolean isCurrent() {
    return status == HealthStatus.CURRENT;
  }
}

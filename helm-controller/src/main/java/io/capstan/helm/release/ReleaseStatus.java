package io.capstan.helm.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Helm's release status ({@code helm.sh/helm/v4/pkg/release/common.Status}), as stored. */
public enum ReleaseStatus {
  UNKNOWN("unknown"),
  DEPLOYED("deployed"),
  UNINSTALLED("uninstalled"),
  SUPERSEDED("superseded"),
  FAILED("failed"),
  UNINSTALLING("uninstalling"),
  PENDING_INSTALL("pending-install"),
  PENDING_UPGRADE("pending-upgrade"),
  PENDING_ROLLBACK("pending-rollback");

  private final String value;

  ReleaseStatus(String value) {
    this.value = value;
  }

  /** The text Helm stores ({@code deployed}, {@code pending-install}, ...). */
  @JsonValue
  public String value() {
    return value;
  }

  /** Whether an operation on the release is in progress (Helm's {@code IsPending}). */
  public boolean isPending() {
    return this == PENDING_INSTALL || this == PENDING_UPGRADE || this == PENDING_ROLLBACK;
  }

  /** The status for Helm's text; an unknown or empty text is {@link #UNKNOWN}. */
  @JsonCreator
  public static ReleaseStatus of(String value) {
    for (ReleaseStatus s : values()) {
      if (s.value.equals(value)) {
        return s;
      }
    }
    return UNKNOWN;
  }

  @Override
  public String toString() {
    return value;
  }
}

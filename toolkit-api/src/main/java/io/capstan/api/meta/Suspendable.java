package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A spec whose reconciliation can be suspended with {@code spec.suspend: true}. */
public interface Suspendable {

  Boolean getSuspend();

  /** True when reconciliation is suspended; a missing field means not suspended. */
  @JsonIgnore
  default boolean isSuspended() {
    return Boolean.TRUE.equals(getSuspend());
  }
}

package io.capstan.image.controller;

import io.capstan.api.meta.Reasons;
import io.capstan.runtime.conditions.ConditionTable;

/** ImagePolicy's condition reasons; like Flux, only {@code Ready} is summarized. */
public final class ImagePolicyConditions {

  /** The ImageRepository is missing or has no stored tags yet. */
  public static final String DEPENDENCY_NOT_READY = Reasons.DEPENDENCY_NOT_READY;

  /**
   * The ImageRepository is in another namespace and its {@code accessFrom} does not allow it
   * (retried with backoff, as Flux: the namespace's labels may change).
   */
  public static final String ACCESS_DENIED = Reasons.ACCESS_DENIED;

  /** The policy's range or {@code filterTags} pattern is invalid (needs a spec change). */
  public static final String INVALID_POLICY = "InvalidPolicy";

  /**
   * No tag qualifies (none matched the range or the filter, or a non-numeric value): Flux's {@code
   * metav1.StatusFailure}.
   */
  public static final String FAILURE = "Failure";

  private ImagePolicyConditions() {}

  /** Only Ready. */
  public static ConditionTable table() {
    return ConditionTable.builder().build();
  }
}

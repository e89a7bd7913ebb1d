package io.capstan.runtime.conditions;

import io.capstan.api.meta.Condition;

/**
 * Whether a condition's True status is good news ({@link #POSITIVE}, e.g. {@code
 * ArtifactInStorage}) or bad news ({@link #NEGATIVE}, e.g. {@code FetchFailed}, {@code
 * ArtifactOutdated}). Negative conditions are usually present only while they are True.
 */
public enum Polarity {
  POSITIVE,
  NEGATIVE;

  /** True when a condition of this polarity with the given status reports a problem. */
  public boolean isAbnormal(Condition.Status status) {
    return this == POSITIVE ? status == Condition.Status.False : status == Condition.Status.True;
  }
}

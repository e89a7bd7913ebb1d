package io.capstan.api.kustomize.v1;

/** When post-build variable substitution runs. */
public enum SubstituteStrategy {
  /** Only when at least one variable is defined inline or by a reference (the default). */
  WithVariables,
  /** Always, even when no variable is defined. */
  Always
}

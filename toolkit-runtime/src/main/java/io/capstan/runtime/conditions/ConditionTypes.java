package io.capstan.runtime.conditions;

/**
 * Condition types shared by every Flux kind. {@link #RECONCILING} and {@link #STALLED} follow
 * kstatus' "abnormal-true" pattern: they are present only while True and never both at once.
 */
public final class ConditionTypes {

  /** The summary condition every Flux object carries; derived by {@link ReadySummarizer}. */
  public static final String READY = "Ready";

  /** Present (True) while the controller works on a change that is not finished yet. */
  public static final String RECONCILING = "Reconciling";

  /** Present (True) when reconciliation cannot progress without a change to the spec. */
  public static final String STALLED = "Stalled";

  /** Health of the objects a kind manages (Kustomization, HelmRelease). */
  public static final String HEALTHY = "Healthy";

  private ConditionTypes() {}
}

package io.capstan.api.meta;

/**
 * The condition types every Flux kind shares (Flux's {@code fluxcd/pkg/apis/meta}). {@link
 * #RECONCILING} and {@link #STALLED} follow kstatus' "abnormal-true" pattern: they are present only
 * while True and never both at once. Kind-specific types live in one table per kind (e.g. {@code
 * GitRepositoryConditions}, {@code KustomizationConditions}).
 */
public final class ConditionTypes {

  /** The summary condition every Flux object carries. */
  public static final String READY = "Ready";

  /** Present (True) while the controller works on a change that is not finished yet. */
  public static final String RECONCILING = "Reconciling";

  /** Present (True) when reconciliation cannot progress without a change to the spec. */
  public static final String STALLED = "Stalled";

  /** Health of the objects a kind manages (Kustomization, HelmRelease). */
  public static final String HEALTHY = "Healthy";

  private ConditionTypes() {}
}

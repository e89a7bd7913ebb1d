package io.capstan.api.meta;

/**
 * Condition and event reasons that Flux's {@code fluxcd/pkg/apis/meta} defines for every kind.
 * Reasons of one kind only live in that kind's condition table (e.g. {@code
 * KustomizationConditions}).
 */
public final class Reasons {

  /** A reconciliation or a step succeeded. */
  public static final String SUCCEEDED = "Succeeded";

  /** A reconciliation or a step failed. */
  public static final String FAILED = "Failed";

  /** Work on the object is underway. */
  public static final String PROGRESSING = "Progressing";

  /** Work on the object is underway after a failed attempt. */
  public static final String PROGRESSING_WITH_RETRY = "ProgressingWithRetry";

  /** A dependency of the object is not ready yet. */
  public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";

  /** The object was reconciled successfully (Kustomization, HelmRelease, events). */
  public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";

  /** Reconciling the object failed (Kustomization, HelmRelease, events). */
  public static final String RECONCILIATION_FAILED = "ReconciliationFailed";

  /** Reconciliation is suspended with {@code spec.suspend: true}. */
  public static final String SUSPENDED = "Suspended";

  /** Producing, fetching or storing an artifact failed. */
  public static final String ARTIFACT_FAILED = "ArtifactFailed";

  /** The health check of managed objects failed. */
  public static final String HEALTH_CHECK_FAILED = "HealthCheckFailed";

  /** A CEL expression in the spec does not compile (Flux's {@code InvalidCELExpression}). */
  public static final String INVALID_CEL_EXPRESSION = "InvalidCELExpression";

  /** The spec is invalid in a way only a user can fix. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** A reference blocked by {@code --no-cross-namespace-refs} (Flux's {@code AccessDenied}). */
  public static final String ACCESS_DENIED = "AccessDenied";

  private Reasons() {}
}

package io.capstan.api.meta;

/** Annotation and label keys that are part of Flux's public API. */
public final class Annotations {

  /** Set to any new value (usually a timestamp) to request an immediate reconciliation. */
  public static final String RECONCILE_REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

  /** Set to {@code disabled} to exclude an object from reconciliation. */
  public static final String RECONCILE = "kustomize.toolkit.fluxcd.io/reconcile";

  /** Value of {@link #RECONCILE} and friends that switches the behaviour off. */
  public static final String DISABLED = "disabled";

  private Annotations() {}
}

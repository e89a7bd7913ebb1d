package io.capstan.kustomize.controller;

/**
 * kustomize-controller's feature gates (Flux's {@code --feature-gates}) that change how a
 * Kustomization is built and checked.
 *
 * @param strictPostBuildSubstitutions {@code StrictPostBuildSubstitutions}: a variable that is not
 *     set and has no default fails the build ({@code BuildFailed}) instead of becoming empty
 * @param additiveCelDependencyCheck {@code AdditiveCELDependencyCheck}: a {@code readyExpr} is
 *     checked in addition to the built-in readiness check instead of replacing it
 */
public record FeatureGates(
    boolean strictPostBuildSubstitutions, boolean additiveCelDependencyCheck) {

  /** Flux's defaults: both gates off. */
  public static final FeatureGates DEFAULTS = new FeatureGates(false, false);
}

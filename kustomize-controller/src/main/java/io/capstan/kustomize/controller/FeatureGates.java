package io.capstan.kustomize.controller;

import io.capstan.runtime.process.FeatureGateFlags;
import java.util.Map;
import java.util.Set;

/**
 * kustomize-controller's feature gates (Flux's {@code --feature-gates}) that change how a
 * Kustomization is built and checked.
 *
 * @param strictPostBuildSubstitutions {@code StrictPostBuildSubstitutions}: a variable that is not
 *     set and has no default fails the build ({@code BuildFailed}) instead of becoming empty
 * @param additiveCelDependencyCheck {@code AdditiveCELDependencyCheck}: a {@code readyExpr} is
 *     checked in addition to the built-in readiness check instead of replacing it
 * @param externalArtifact {@code ExternalArtifact}: a {@code sourceRef} may name an {@code
 *     ExternalArtifact}; without it such a Kustomization is refused with {@code AccessDenied}
 * @param objectLevelWorkloadIdentity {@code ObjectLevelWorkloadIdentity}: a {@code
 *     kubeConfig.configMapRef} may authenticate as a service account of the Kustomization's
 *     namespace ({@code serviceAccountName} in the ConfigMap)
 */
public record FeatureGates(
    boolean strictPostBuildSubstitutions,
    boolean additiveCelDependencyCheck,
    boolean externalArtifact,
    boolean objectLevelWorkloadIdentity) {

  /** Flux's defaults: every gate off. */
  public static final FeatureGates DEFAULTS = new FeatureGates(false, false, false, false);

  static final String STRICT_POST_BUILD_SUBSTITUTIONS = "StrictPostBuildSubstitutions";
  static final String ADDITIVE_CEL_DEPENDENCY_CHECK = "AdditiveCELDependencyCheck";
  static final String EXTERNAL_ARTIFACT = "ExternalArtifact";
  static final String OBJECT_LEVEL_WORKLOAD_IDENTITY = "ObjectLevelWorkloadIdentity";

  /** The gates kustomize-controller knows. */
  public static final Set<String> NAMES =
      Set.of(
          STRICT_POST_BUILD_SUBSTITUTIONS,
          ADDITIVE_CEL_DEPENDENCY_CHECK,
          EXTERNAL_ARTIFACT,
          OBJECT_LEVEL_WORKLOAD_IDENTITY);

  /**
   * Parses Flux's flag value {@code Name=true,Other=false} (empty: the defaults); an unknown gate
   * or a value other than true/false is an {@link IllegalArgumentException} naming it.
   */
  public static FeatureGates parse(String flag) {
    Map<String, Boolean> gates = FeatureGateFlags.parse(flag);
    FeatureGateFlags.requireKnown(gates, NAMES);
    return of(gates);
  }

  /**
   * The gates set in {@code gates}, defaults for the others; gates of other controllers ignored.
   */
  public static FeatureGates of(Map<String, Boolean> gates) {
    return new FeatureGates(
        gates.getOrDefault(
            STRICT_POST_BUILD_SUBSTITUTIONS, DEFAULTS.strictPostBuildSubstitutions()),
        gates.getOrDefault(ADDITIVE_CEL_DEPENDENCY_CHECK, DEFAULTS.additiveCelDependencyCheck()),
        gates.getOrDefault(EXTERNAL_ARTIFACT, DEFAULTS.externalArtifact()),
        gates.getOrDefault(OBJECT_LEVEL_WORKLOAD_IDENTITY, DEFAULTS.objectLevelWorkloadIdentity()));
  }
}

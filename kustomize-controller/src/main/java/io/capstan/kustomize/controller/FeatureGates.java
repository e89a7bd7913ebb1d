package io.capstan.kustomize.controller;

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
 */
public record FeatureGates(
    boolean strictPostBuildSubstitutions,
    boolean additiveCelDependencyCheck,
    boolean externalArtifact) {

  /** Flux's defaults: every gate off. */
  public static final FeatureGates DEFAULTS = new FeatureGates(false, false, false);

  /** The first two gates; {@code ExternalArtifact} off. */
  public FeatureGates(boolean strictPostBuildSubstitutions, boolean additiveCelDependencyCheck) {
    this(strictPostBuildSubstitutions, additiveCelDependencyCheck, false);
  }

  /**
   * Parses Flux's flag value {@code Name=true,Other=false} (empty: the defaults); an unknown gate
   * or a value other than true/false is an {@link IllegalArgumentException} naming it.
   */
  public static FeatureGates parse(String flag) {
    boolean strict = DEFAULTS.strictPostBuildSubstitutions();
    boolean additive = DEFAULTS.additiveCelDependencyCheck();
    boolean external = DEFAULTS.externalArtifact();
    if (flag != null && !flag.isBlank()) {
      for (String entry : flag.split(",")) {
        String[] pair = entry.trim().split("=", 2);
        String value = pair.length == 2 ? pair[1].trim() : "";
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException(
              "invalid feature gate '" + entry.trim() + "': expected Name=true or Name=false");
        }
        boolean enabled = Boolean.parseBoolean(value);
        switch (pair[0].trim()) {
          case "StrictPostBuildSubstitutions" -> strict = enabled;
          case "AdditiveCELDependencyCheck" -> additive = enabled;
          case "ExternalArtifact" -> external = enabled;
          default ->
              throw new IllegalArgumentException(
                  "unknown feature gate '"
                      + pair[0].trim()
                      + "' (supported: StrictPostBuildSubstitutions, AdditiveCELDependencyCheck,"
                      + " ExternalArtifact)");
        }
      }
    }
    return new FeatureGates(strict, additive, external);
  }
}

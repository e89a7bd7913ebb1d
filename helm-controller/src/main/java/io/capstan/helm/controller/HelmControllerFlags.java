package io.capstan.helm.controller;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.DependencyFlags;
import io.capstan.runtime.process.FeatureGateFlags;
import io.capstan.runtime.process.MultiTenancyFlags;
import io.capstan.runtime.process.ParsedFlags;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * helm-controller's flags and how they become {@link HelmControllerOptions} and a {@link
 * HelmController}: the one options class shared by {@link Main} and {@code capstan run}. Its flags
 * are shared with other Flux controllers and live in toolkit-runtime's flag groups: {@link
 * DependencyFlags} ({@code --requeue-dependency}), {@link MultiTenancyFlags} ({@code
 * --no-cross-namespace-refs}, {@code --default-service-account}) and {@link FeatureGateFlags}
 * ({@code --feature-gates}).
 */
public final class HelmControllerFlags implements ControllerModule<HelmControllerOptions> {

  /** The feature gate making {@code RetryOnFailure} the default install/upgrade strategy. */
  public static final String DEFAULT_TO_RETRY_ON_FAILURE = "DefaultToRetryOnFailure";

  /**
   * The feature gate making a {@code dependsOn[].readyExpr} hold in addition to the built-in
   * readiness check instead of replacing it.
   */
  public static final String ADDITIVE_CEL_DEPENDENCY_CHECK = "AdditiveCELDependencyCheck";

  /**
   * Flux's gate for Helm 3's defaults: {@code postRenderStrategy} defaults to {@code nohooks} and
   * {@code waitStrategy} to {@code legacy}.
   */
  public static final String USE_HELM3_DEFAULTS = "UseHelm3Defaults";

  /**
   * Flux's gate turning off the chart digest tracking of OCIRepository charts (the chart version
   * keeps no {@code +<digest>} build metadata, a re-pushed tag does not upgrade).
   */
  public static final String DISABLE_CHART_DIGEST_TRACKING = "DisableChartDigestTracking";

  /**
   * Flux's helm-controller feature gates; {@code DefaultToRetryOnFailure}, {@code
   * AdditiveCELDependencyCheck}, {@code UseHelm3Defaults} and {@code DisableChartDigestTracking}
   * change behaviour here, the others are accepted so Flux's manifests run unchanged.
   */
  public static final Set<String> FEATURE_GATES =
      Set.of(
          DEFAULT_TO_RETRY_ON_FAILURE,
          "OOMWatch",
          "DetectDrift",
          "CorrectDrift",
          "AllowDNSLookups",
          "CacheSecretsAndConfigMaps",
          DISABLE_CHART_DIGEST_TRACKING,
          ADDITIVE_CEL_DEPENDENCY_CHECK,
          "ExternalArtifact",
          USE_HELM3_DEFAULTS,
          "AdoptLegacyReleases",
          "CancelHealthCheckOnNewRevision",
          "UninstallOnChartNameChange",
          "DisableConfigWatchers",
          "DirectSourceFetch");

  @Override
  public String name() {
    return HelmController.NAME;
  }

  @Override
  public String description() {
    return "Capstan helm-controller: installs and upgrades Helm releases from HelmReleases.";
  }

  @Override
  public List<Class<?>> sharedFlags() {
    return List.of(DependencyFlags.class, MultiTenancyFlags.class, FeatureGateFlags.class);
  }

  @Override
  public Set<String> featureGates() {
    return FEATURE_GATES;
  }

  @Override
  public HelmControllerOptions options(ParsedFlags flags) {
    MultiTenancyFlags tenancy = flags.group(MultiTenancyFlags.class);
    Map<String, Boolean> gates = flags.group(FeatureGateFlags.class).gates();
    return HelmControllerOptions.builder()
        .concurrent(flags.concurrent(HelmControllerOptions.DEFAULT_CONCURRENT))
        .requeueDependency(flags.group(DependencyFlags.class).requeueDependency())
        .watchNamespaces(flags.watchNamespaces())
        .noCrossNamespaceRefs(tenancy.noCrossNamespaceRefs())
        .defaultServiceAccount(tenancy.defaultServiceAccount())
        .defaultToRetryOnFailure(gates.getOrDefault(DEFAULT_TO_RETRY_ON_FAILURE, false))
        .additiveCelDependencyCheck(gates.getOrDefault(ADDITIVE_CEL_DEPENDENCY_CHECK, false))
        .useHelm3Defaults(gates.getOrDefault(USE_HELM3_DEFAULTS, false))
        .disableChartDigestTracking(gates.getOrDefault(DISABLE_CHART_DIGEST_TRACKING, false))
        .build();
  }

  @Override
  public Controller create(HelmControllerOptions options, ControllerContext context) {
    return HelmController.builder()
        .options(options)
        .client(context.client())
        .meterRegistry(context.registry())
        .build();
  }
}

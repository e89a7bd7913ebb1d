package io.capstan.helm.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * helm-controller's own settings from {@link Main}'s flags (the shared process flags live in {@link
 * io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: reconciles at once (Flux default 4)
 * @param requeueDependency {@code --requeue-dependency}: retry delay while the chart source is not
 *     ready
 * @param watchNamespaces namespaces to watch; empty for all
 * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}
 * @param defaultServiceAccount {@code --default-service-account}; empty for none
 * @param defaultToRetryOnFailure the {@code DefaultToRetryOnFailure} feature gate
 * @param additiveCelDependencyCheck the {@code AdditiveCELDependencyCheck} feature gate
 * @param useHelm3Defaults the {@code UseHelm3Defaults} feature gate
 * @param disableChartDigestTracking the {@code DisableChartDigestTracking} feature gate
 */
public record HelmControllerOptions(
    int concurrent,
    Duration requeueDependency,
    Set<String> watchNamespaces,
    boolean noCrossNamespaceRefs,
    String defaultServiceAccount,
    boolean defaultToRetryOnFailure,
    boolean additiveCelDependencyCheck,
    boolean useHelm3Defaults,
    boolean disableChartDigestTracking) {

  /** Validates the values a flag parser cannot. */
  public HelmControllerOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    Objects.requireNonNull(requeueDependency, "requeueDependency");
    if (requeueDependency.isNegative() || requeueDependency.isZero()) {
      throw new IllegalArgumentException("--requeue-dependency must be positive");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    defaultServiceAccount = defaultServiceAccount == null ? "" : defaultServiceAccount;
  }

  /** Options with the {@code UseHelm3Defaults} and {@code DisableChartDigestTracking} gates off. */
  public HelmControllerOptions(
      int concurrent,
      Duration requeueDependency,
      Set<String> watchNamespaces,
      boolean noCrossNamespaceRefs,
      String defaultServiceAccount,
      boolean defaultToRetryOnFailure,
      boolean additiveCelDependencyCheck) {
    this(
        concurrent,
        requeueDependency,
        watchNamespaces,
        noCrossNamespaceRefs,
        defaultServiceAccount,
        defaultToRetryOnFailure,
        additiveCelDependencyCheck,
        false,
        false);
  }

  /** Options with the {@code AdditiveCELDependencyCheck} gate off. */
  public HelmControllerOptions(
      int concurrent,
      Duration requeueDependency,
      Set<String> watchNamespaces,
      boolean noCrossNamespaceRefs,
      String defaultServiceAccount,
      boolean defaultToRetryOnFailure) {
    this(
        concurrent,
        requeueDependency,
        watchNamespaces,
        noCrossNamespaceRefs,
        defaultServiceAccount,
        defaultToRetryOnFailure,
        false);
  }

  /** A controller configured by these options (the client is still to be set). */
  HelmController.Builder toBuilder() {
    return HelmController.builder()
        .concurrency(concurrent)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .defaultServiceAccount(defaultServiceAccount.isEmpty() ? null : defaultServiceAccount)
        .defaultToRetryOnFailure(defaultToRetryOnFailure)
        .additiveCelDependencyCheck(additiveCelDependencyCheck)
        .useHelm3Defaults(useHelm3Defaults)
        .disableChartDigestTracking(disableChartDigestTracking);
  }
}

package io.capstan.kustomize.controller;

import io.capstan.runtime.reconcile.IntervalJitter;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * kustomize-controller's own settings from {@link Main}'s flags (the shared process flags live in
 * {@link io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: reconciles at once (Flux default 4)
 * @param requeueDependency {@code --requeue-dependency}: retry delay while dependencies are not
 *     ready (Flux default 30s)
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}: references to other namespaces
 *     stall with {@code AccessDenied}
 * @param defaultServiceAccount {@code --default-service-account}: impersonated when a Kustomization
 *     sets no {@code serviceAccountName}; empty for none
 * @param featureGates {@code --feature-gates}
 * @param sopsAgeSecret {@code --sops-age-secret} in the runtime namespace, as {@code
 *     namespace/name}; empty for none
 * @param noRemoteBases {@code --no-remote-bases} (Flux default false): Git repositories as bases
 *     fail the build
 * @param watchLabelSelector {@code --watch-label-selector}: only Kustomizations matching this label
 *     selector are reconciled (e.g. {@code sharding.fluxcd.io/shard=shard1}); empty for all
 * @param intervalJitterPercentage {@code --interval-jitter-percentage} (Flux default 5)
 * @param insecureKubeConfigExec {@code --insecure-kubeconfig-exec} (Flux default false): run the
 *     {@code user.exec} plugin of a {@code spec.kubeConfig} Secret's kubeconfig
 * @param insecureKubeConfigTls {@code --insecure-kubeconfig-tls} (Flux default false): honour a
 *     kubeconfig's {@code insecure-skip-tls-verify}
 */
public record KustomizeControllerOptions(
    int concurrent,
    Duration requeueDependency,
    Set<String> watchNamespaces,
    boolean noCrossNamespaceRefs,
    String defaultServiceAccount,
    FeatureGates featureGates,
    String sopsAgeSecret,
    boolean noRemoteBases,
    String watchLabelSelector,
    int intervalJitterPercentage,
    boolean insecureKubeConfigExec,
    boolean insecureKubeConfigTls) {

  /** Options with Flux's defaults for kubeconfigs (no exec plugins, TLS verified). */
  public KustomizeControllerOptions(
      int concurrent,
      Duration requeueDependency,
      Set<String> watchNamespaces,
      boolean noCrossNamespaceRefs,
      String defaultServiceAccount,
      FeatureGates featureGates,
      String sopsAgeSecret,
      boolean noRemoteBases,
      String watchLabelSelector,
      int intervalJitterPercentage) {
    this(
        concurrent,
        requeueDependency,
        watchNamespaces,
        noCrossNamespaceRefs,
        defaultServiceAccount,
        featureGates,
        sopsAgeSecret,
        noRemoteBases,
        watchLabelSelector,
        intervalJitterPercentage,
        false,
        false);
  }

  /** Options watching every label, with Flux's default interval jitter. */
  public KustomizeControllerOptions(
      int concurrent,
      Duration requeueDependency,
      Set<String> watchNamespaces,
      boolean noCrossNamespaceRefs,
      String defaultServiceAccount,
      FeatureGates featureGates,
      String sopsAgeSecret,
      boolean noRemoteBases) {
    this(
        concurrent,
        requeueDependency,
        watchNamespaces,
        noCrossNamespaceRefs,
        defaultServiceAccount,
        featureGates,
        sopsAgeSecret,
        noRemoteBases,
        "",
        IntervalJitter.DEFAULT_PERCENTAGE);
  }

  /** Options without {@code --sops-age-secret}. */
  public KustomizeControllerOptions(
      int concurrent,
      Duration requeueDependency,
      Set<String> watchNamespaces,
      boolean noCrossNamespaceRefs,
      String defaultServiceAccount,
      FeatureGates featureGates) {
    this(
        concurrent,
        requeueDependency,
        watchNamespaces,
        noCrossNamespaceRefs,
        defaultServiceAccount,
        featureGates,
        "");
  }

  /** Options with remote bases allowed (Flux's default). */
  public KustomizeControllerOptions(
      int concurrent,
      Duration requeueDependency,
      Set<String> watchNamespaces,
      boolean noCrossNamespaceRefs,
      String defaultServiceAccount,
      FeatureGates featureGates,
      String sopsAgeSecret) {
    this(
        concurrent,
        requeueDependency,
        watchNamespaces,
        noCrossNamespaceRefs,
        defaultServiceAccount,
        featureGates,
        sopsAgeSecret,
        false);
  }

  /** Validates the values a flag parser cannot. */
  public KustomizeControllerOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    Objects.requireNonNull(requeueDependency, "requeueDependency");
    if (requeueDependency.isNegative() || requeueDependency.isZero()) {
      throw new IllegalArgumentException("--requeue-dependency must be positive");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    defaultServiceAccount = defaultServiceAccount == null ? "" : defaultServiceAccount;
    featureGates = featureGates == null ? FeatureGates.DEFAULTS : featureGates;
    sopsAgeSecret = sopsAgeSecret == null ? "" : sopsAgeSecret;
    watchLabelSelector = watchLabelSelector == null ? "" : watchLabelSelector.trim();
    IntervalJitter.percentage(intervalJitterPercentage);
  }

  /** A controller configured by these options (not started; the client is still to be set). */
  KustomizeController.Builder toBuilder() {
    return KustomizeController.builder()
        .concurrency(concurrent)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .noRemoteBases(noRemoteBases)
        .defaultServiceAccount(defaultServiceAccount.isEmpty() ? null : defaultServiceAccount)
        .sopsAgeSecret(sopsAgeSecret.isEmpty() ? null : sopsAgeSecret)
        .strictPostBuildSubstitutions(featureGates.strictPostBuildSubstitutions())
        .additiveCelDependencyCheck(featureGates.additiveCelDependencyCheck())
        .externalArtifact(featureGates.externalArtifact())
        .objectLevelWorkloadIdentity(featureGates.objectLevelWorkloadIdentity())
        .insecureKubeConfigExec(insecureKubeConfigExec)
        .insecureKubeConfigTls(insecureKubeConfigTls)
        .watchLabelSelector(watchLabelSelector.isEmpty() ? null : watchLabelSelector)
        .intervalJitter(IntervalJitter.percentage(intervalJitterPercentage));
  }
}

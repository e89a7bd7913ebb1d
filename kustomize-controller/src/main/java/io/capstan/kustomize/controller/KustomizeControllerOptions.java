package io.capstan.kustomize.controller;

import io.capstan.runtime.process.ControllerOptionsBuilder;
import io.capstan.runtime.process.DependencyFlags;
import io.capstan.runtime.reconcile.IntervalJitter;
import java.time.Duration;
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

  /** Flux's kustomize-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 4;

  /** Flux's default for {@code --requeue-dependency}. */
  public static final Duration DEFAULT_REQUEUE_DEPENDENCY = Duration.ofSeconds(30);

  /** Validates the values a flag parser cannot. */
  public KustomizeControllerOptions {
    ControllerOptionsBuilder.checkConcurrent(concurrent);
    DependencyFlags.checkRequeueDependency(requeueDependency);
    watchNamespaces = Set.copyOf(watchNamespaces);
    defaultServiceAccount = defaultServiceAccount == null ? "" : defaultServiceAccount;
    featureGates = featureGates == null ? FeatureGates.DEFAULTS : featureGates;
    sopsAgeSecret = sopsAgeSecret == null ? "" : sopsAgeSecret;
    watchLabelSelector = watchLabelSelector == null ? "" : watchLabelSelector.trim();
    IntervalJitter.percentage(intervalJitterPercentage);
  }

  /** Options with every flag at Flux's default, to change with the builder's setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive options that differ in a few flags. */
  public Builder toBuilder() {
    return new Builder()
        .concurrent(concurrent)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .defaultServiceAccount(defaultServiceAccount)
        .featureGates(featureGates)
        .sopsAgeSecret(sopsAgeSecret)
        .noRemoteBases(noRemoteBases)
        .watchLabelSelector(watchLabelSelector)
        .intervalJitterPercentage(intervalJitterPercentage)
        .insecureKubeConfigExec(insecureKubeConfigExec)
        .insecureKubeConfigTls(insecureKubeConfigTls);
  }

  /**
   * Builds {@link KustomizeControllerOptions}; every setter starts at Flux's default, and {@link
   * #build()} validates as the canonical constructor does.
   */
  public static final class Builder extends ControllerOptionsBuilder<Builder> {
    private Duration requeueDependency = DEFAULT_REQUEUE_DEPENDENCY;
    private boolean noCrossNamespaceRefs;
    private String defaultServiceAccount = "";
    private FeatureGates featureGates = FeatureGates.DEFAULTS;
    private String sopsAgeSecret = "";
    private boolean noRemoteBases;
    private String watchLabelSelector = "";
    private int intervalJitterPercentage = IntervalJitter.DEFAULT_PERCENTAGE;
    private boolean insecureKubeConfigExec;
    private boolean insecureKubeConfigTls;

    private Builder() {
      super(DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** {@code --requeue-dependency} (default 30s). */
    public Builder requeueDependency(Duration requeueDependency) {
      this.requeueDependency = requeueDependency;
      return this;
    }

    /** {@code --no-cross-namespace-refs} (default false). */
    public Builder noCrossNamespaceRefs(boolean noCrossNamespaceRefs) {
      this.noCrossNamespaceRefs = noCrossNamespaceRefs;
      return this;
    }

    /** {@code --default-service-account} (default empty: none). */
    public Builder defaultServiceAccount(String defaultServiceAccount) {
      this.defaultServiceAccount = defaultServiceAccount;
      return this;
    }

    /** {@code --feature-gates} (default {@link FeatureGates#DEFAULTS}). */
    public Builder featureGates(FeatureGates featureGates) {
      this.featureGates = featureGates;
      return this;
    }

    /** {@code --sops-age-secret} as {@code namespace/name} (default empty: none). */
    public Builder sopsAgeSecret(String sopsAgeSecret) {
      this.sopsAgeSecret = sopsAgeSecret;
      return this;
    }

    /** {@code --no-remote-bases} (default false). */
    public Builder noRemoteBases(boolean noRemoteBases) {
      this.noRemoteBases = noRemoteBases;
      return this;
    }

    /** {@code --watch-label-selector} (default empty: every Kustomization). */
    public Builder watchLabelSelector(String watchLabelSelector) {
      this.watchLabelSelector = watchLabelSelector;
      return this;
    }

    /** {@code --interval-jitter-percentage} (default 5). */
    public Builder intervalJitterPercentage(int intervalJitterPercentage) {
      this.intervalJitterPercentage = intervalJitterPercentage;
      return this;
    }

    /** {@code --insecure-kubeconfig-exec} (default false). */
    public Builder insecureKubeConfigExec(boolean insecureKubeConfigExec) {
      this.insecureKubeConfigExec = insecureKubeConfigExec;
      return this;
    }

    /** {@code --insecure-kubeconfig-tls} (default false). */
    public Builder insecureKubeConfigTls(boolean insecureKubeConfigTls) {
      this.insecureKubeConfigTls = insecureKubeConfigTls;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public KustomizeControllerOptions build() {
      return new KustomizeControllerOptions(
          concurrent(),
          requeueDependency,
          watchNamespaces(),
          noCrossNamespaceRefs,
          defaultServiceAccount,
          featureGates,
          sopsAgeSecret,
          noRemoteBases,
          watchLabelSelector,
          intervalJitterPercentage,
          insecureKubeConfigExec,
          insecureKubeConfigTls);
    }
  }
}

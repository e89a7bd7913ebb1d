package io.capstan.helm.controller;

import io.capstan.runtime.process.ControllerOptionsBuilder;
import io.capstan.runtime.process.DependencyFlags;
import java.time.Duration;
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

  /** Flux's helm-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 4;

  /**
   * The default of toolkit-runtime's shared {@code --requeue-dependency} flag (Flux's
   * helm-controller alone has 5s).
   */
  public static final Duration DEFAULT_REQUEUE_DEPENDENCY = Duration.ofSeconds(30);

  /** Validates the values a flag parser cannot. */
  public HelmControllerOptions {
    ControllerOptionsBuilder.checkConcurrent(concurrent);
    DependencyFlags.checkRequeueDependency(requeueDependency);
    watchNamespaces = Set.copyOf(watchNamespaces);
    defaultServiceAccount = defaultServiceAccount == null ? "" : defaultServiceAccount;
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
        .defaultToRetryOnFailure(defaultToRetryOnFailure)
        .additiveCelDependencyCheck(additiveCelDependencyCheck)
        .useHelm3Defaults(useHelm3Defaults)
        .disableChartDigestTracking(disableChartDigestTracking);
  }

  /**
   * Builds {@link HelmControllerOptions}; every setter starts at Flux's default (every feature gate
   * off), and {@link #build()} validates as the canonical constructor does.
   */
  public static final class Builder extends ControllerOptionsBuilder<Builder> {
    private Duration requeueDependency = DEFAULT_REQUEUE_DEPENDENCY;
    private boolean noCrossNamespaceRefs;
    private String defaultServiceAccount = "";
    private boolean defaultToRetryOnFailure;
    private boolean additiveCelDependencyCheck;
    private boolean useHelm3Defaults;
    private boolean disableChartDigestTracking;

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

    /** The {@code DefaultToRetryOnFailure} feature gate (default off). */
    public Builder defaultToRetryOnFailure(boolean enabled) {
      this.defaultToRetryOnFailure = enabled;
      return this;
    }

    /** The {@code AdditiveCELDependencyCheck} feature gate (default off). */
    public Builder additiveCelDependencyCheck(boolean enabled) {
      this.additiveCelDependencyCheck = enabled;
      return this;
    }

    /** The {@code UseHelm3Defaults} feature gate (default off). */
    public Builder useHelm3Defaults(boolean enabled) {
      this.useHelm3Defaults = enabled;
      return this;
    }

    /** The {@code DisableChartDigestTracking} feature gate (default off). */
    public Builder disableChartDigestTracking(boolean enabled) {
      this.disableChartDigestTracking = enabled;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public HelmControllerOptions build() {
      return new HelmControllerOptions(
          concurrent(),
          requeueDependency,
          watchNamespaces(),
          noCrossNamespaceRefs,
          defaultServiceAccount,
          defaultToRetryOnFailure,
          additiveCelDependencyCheck,
          useHelm3Defaults,
          disableChartDigestTracking);
    }
  }
}

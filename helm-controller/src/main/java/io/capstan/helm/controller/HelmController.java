package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.helm.controller.watch.HelmReleaseInputs;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerBuilder;
import io.capstan.runtime.process.OwnedOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * helm-controller as a library: reconciles every HelmRelease (in all namespaces or the given ones)
 * with {@link HelmReleaseReconciler}. Either {@link #start()} its own operator or {@link
 * #register(Operator)} it with one the application runs.
 */
public final class HelmController implements Controller {

  /** The controller name in events, metrics and its Lease. */
  public static final String NAME = HelmReleaseReconciler.CONTROLLER_NAME;

  private final ControllerBuilder.Settings settings;
  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final Set<String> namespaces;
  private final HelmReleaseReconciler.Options options;
  private final MeterRegistry meterRegistry;
  private final List<HelmReleaseReconciler> registered = new CopyOnWriteArrayList<>();
  private final List<HelmReleaseController> controllers = new CopyOnWriteArrayList<>();
  private final OwnedOperator operator = new OwnedOperator();

  private HelmController(Builder b) {
    this.settings = b.settings();
    this.client = settings.client();
    this.fetcher = b.fetcher == null ? ArtifactFetcher.builder().build() : b.fetcher;
    this.namespaces = settings.watchNamespaces();
    this.meterRegistry = settings.meterRegistry();
    this.options =
        new HelmReleaseReconciler.Options(
            b.defaultServiceAccount,
            b.noCrossNamespaceRefs,
            b.requeueDependency,
            b.defaultToRetryOnFailure,
            b.additiveCelDependencyCheck,
            b.useHelm3Defaults,
            b.disableChartDigestTracking);
  }

  /** A builder; {@code client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the HelmRelease controller with {@code operator} (not started here), with a watch on
   * the chart sources that reconciles a HelmRelease when its source publishes a new artifact, and
   * an immediate reconcile of the HelmReleases that {@code dependsOn} one that became ready.
   */
  @Override
  public void register(Operator operator) {
    HelmReleaseReconciler kind =
        new HelmReleaseReconciler(client, fetcher, options)
            .phases(new ReleasePhaseTimers(meterRegistry));
    registered.add(kind);
    HelmReleaseInputs inputs = new HelmReleaseInputs();
    FluxReconciler<HelmRelease> reconciler =
        FluxReconciler.builder(kind)
            .controllerName(HelmReleaseReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .skipUnchanged(inputs)
            .build();
    HelmReleaseController controller =
        new HelmReleaseController(reconciler, client, namespaces, inputs);
    controllers.add(controller);
    operator.register(
        controller,
        FluxControllerConfiguration.of(
            HelmRelease.class, "helmrelease", namespaces, operator.getConfigurationService()));
  }

  /** The SDK reconcilers registered so far (for tests). */
  List<HelmReleaseController> controllers() {
    return List.copyOf(controllers);
  }

  /** The kind reconcilers registered so far (for tests). */
  List<HelmReleaseReconciler> reconcilers() {
    return List.copyOf(registered);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int concurrency() {
    return settings.concurrency();
  }

  /** Starts an operator of its own with {@code concurrency} reconcile threads. */
  @Override
  public synchronized HelmController start() {
    operator.start(settings, this::register);
    return this;
  }

  /**
   * Stops the operator started by {@link #start()} and closes the impersonating clients; the client
   * given to the builder stays open.
   */
  @Override
  public synchronized void close() {
    operator.stop();
    registered.forEach(HelmReleaseReconciler::close);
    registered.clear();
  }

  /** Configuration of a {@link HelmController}. */
  public static final class Builder extends ControllerBuilder<Builder> {
    private ArtifactFetcher fetcher;
    private String defaultServiceAccount;
    private boolean noCrossNamespaceRefs;
    private Duration requeueDependency = HelmReleaseReconciler.Options.DEFAULTS.requeueDependency();
    private boolean defaultToRetryOnFailure;
    private boolean additiveCelDependencyCheck;
    private boolean useHelm3Defaults;
    private boolean disableChartDigestTracking;

    private Builder() {
      super(HelmControllerOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Flux's {@code --default-service-account}: impersonated (in each HelmRelease's namespace) when
     * a HelmRelease sets no {@code spec.serviceAccountName}. Null (the default): the controller's
     * own identity.
     */
    public Builder defaultServiceAccount(String serviceAccount) {
      this.defaultServiceAccount = serviceAccount;
      return this;
    }

    /**
     * Flux's {@code --no-cross-namespace-refs}: a chart source in another namespace makes the
     * HelmRelease Stalled with reason {@code AccessDenied}.
     */
    public Builder noCrossNamespaceRefs(boolean noCrossNamespaceRefs) {
      this.noCrossNamespaceRefs = noCrossNamespaceRefs;
      return this;
    }

    /**
     * Flux's {@code --requeue-dependency} (helm-controller default 5s): how long to wait before
     * checking a chart source without an artifact again.
     */
    public Builder requeueDependency(Duration requeueDependency) {
      if (requeueDependency == null
          || requeueDependency.isZero()
          || requeueDependency.isNegative()) {
        throw new IllegalArgumentException("requeueDependency must be positive");
      }
      this.requeueDependency = requeueDependency;
      return this;
    }

    /**
     * Flux's {@code DefaultToRetryOnFailure} feature gate (default false): install and upgrade
     * default to the {@code RetryOnFailure} strategy.
     */
    public Builder defaultToRetryOnFailure(boolean enabled) {
      this.defaultToRetryOnFailure = enabled;
      return this;
    }

    /**
     * Flux's {@code AdditiveCELDependencyCheck} feature gate (default false): a {@code
     * dependsOn[].readyExpr} must hold in addition to the built-in readiness check (exists,
     * observed generation, {@code Ready=True}) instead of replacing it.
     */
    public Builder additiveCelDependencyCheck(boolean enabled) {
      this.additiveCelDependencyCheck = enabled;
      return this;
    }

    /**
     * Flux's {@code UseHelm3Defaults} feature gate (default false): a HelmRelease without {@code
     * spec.postRenderStrategy} leaves hooks alone ({@code nohooks}), one without {@code
     * spec.waitStrategy} waits with Helm 3's rules ({@code legacy}).
     */
    public Builder useHelm3Defaults(boolean enabled) {
      this.useHelm3Defaults = enabled;
      return this;
    }

    /**
     * Flux's {@code DisableChartDigestTracking} feature gate (default false): a chart from an
     * OCIRepository keeps its own version (no {@code +<digest>} build metadata, no {@code
     * lastAttemptedRevisionDigest}), so a re-pushed tag does not upgrade.
     */
    public Builder disableChartDigestTracking(boolean enabled) {
      this.disableChartDigestTracking = enabled;
      return this;
    }

    /** How artifacts are downloaded (default: {@link ArtifactFetcher#builder()} defaults). */
    public Builder fetcher(ArtifactFetcher fetcher) {
      this.fetcher = fetcher;
      return this;
    }

    /** The controller. */
    public HelmController build() {
      return new HelmController(this);
    }
  }
}

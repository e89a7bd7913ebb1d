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
import java.util.List;
import java.util.Objects;
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
    HelmControllerOptions o = b.options;
    this.options =
        new HelmReleaseReconciler.Options(
            o.defaultServiceAccount().isEmpty() ? null : o.defaultServiceAccount(),
            o.noCrossNamespaceRefs(),
            o.requeueDependency(),
            o.defaultToRetryOnFailure(),
            o.additiveCelDependencyCheck(),
            o.useHelm3Defaults(),
            o.disableChartDigestTracking());
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

  /** The reconciler settings derived from the builder's options (for tests). */
  HelmReleaseReconciler.Options reconcilerOptions() {
    return options;
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
    /**
     * The options of a controller built without {@link #options}: Flux's defaults, with Flux
     * helm-controller's own {@code --requeue-dependency} of 5s.
     */
    private static final HelmControllerOptions EMBEDDED =
        HelmControllerOptions.builder()
            .requeueDependency(HelmReleaseReconciler.Options.DEFAULTS.requeueDependency())
            .build();

    private ArtifactFetcher fetcher;
    private HelmControllerOptions options = EMBEDDED;

    private Builder() {
      super(HelmControllerOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The controller's flags ({@code --requeue-dependency}, {@code --default-service-account},
     * {@code --no-cross-namespace-refs}, the feature gates, and {@code --concurrent} and the
     * watched namespaces, which later {@link #concurrency}/{@link #watchNamespaces} calls
     * override). Default: Flux's defaults, {@code --requeue-dependency} 5s.
     */
    public Builder options(HelmControllerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return concurrency(options.concurrent()).watchNamespaces(options.watchNamespaces());
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

package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.kustomize.controller.cluster.RemoteClusterAccess;
import io.capstan.kustomize.controller.source.KustomizationInputs;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.cluster.KubeConfigOptions;
import io.capstan.runtime.cluster.WorkloadIdentityKubeConfig;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.controller.LeanItemStore;
import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerBuilder;
import io.capstan.runtime.process.OwnedOperator;
import io.capstan.runtime.reconcile.IntervalJitter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * kustomize-controller as a library: reconciles every Kustomization (in all namespaces or the given
 * ones) with {@link KustomizationReconciler}. Either {@link #start()} its own operator or {@link
 * #register(Operator)} it with one the application runs.
 */
public final class KustomizeController implements Controller {

  /** The controller name in events, metrics and its Lease. */
  public static final String NAME = KustomizationReconciler.CONTROLLER_NAME;

  private final ControllerBuilder.Settings settings;
  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final int concurrency;
  private final Set<String> namespaces;
  private final KustomizationReconciler.Options options;
  private final List<KustomizationReconciler> registered = new CopyOnWriteArrayList<>();
  private final MeterRegistry meterRegistry;
  private final FeatureGates features;
  private final OwnedOperator operator = new OwnedOperator();
  private final Duration sourceKindDiscovery;
  private final String watchLabelSelector;
  private final IntervalJitter intervalJitter;

  private KustomizeController(Builder b) {
    this.settings = b.settings();
    this.client = settings.client();
    this.fetcher = b.fetcher == null ? ArtifactFetcher.builder().build() : b.fetcher;
    this.concurrency = settings.concurrency();
    this.namespaces = settings.watchNamespaces();
    KustomizeControllerOptions o = b.options;
    this.features = o.featureGates();
    String defaultServiceAccount =
        o.defaultServiceAccount().isEmpty() ? null : o.defaultServiceAccount();
    this.options =
        new KustomizationReconciler.Options(
            defaultServiceAccount,
            o.noCrossNamespaceRefs(),
            o.requeueDependency(),
            o.sopsAgeSecret().isEmpty() ? null : o.sopsAgeSecret(),
            o.noRemoteBases(),
            new RemoteClusterAccess(
                new KubeConfigOptions(o.insecureKubeConfigExec(), o.insecureKubeConfigTls()),
                new WorkloadIdentityKubeConfig.Options(
                    features.objectLevelWorkloadIdentity(),
                    defaultServiceAccount,
                    b.controllerTokenFile)));
    this.sourceKindDiscovery = b.sourceKindDiscovery;
    this.watchLabelSelector = o.watchLabelSelector().isEmpty() ? null : o.watchLabelSelector();
    this.intervalJitter = IntervalJitter.percentage(o.intervalJitterPercentage());
    this.meterRegistry = settings.meterRegistry();
  }

  /** The reconciler settings derived from the builder's options (for tests). */
  KustomizationReconciler.Options reconcilerOptions() {
    return options;
  }

  /** A builder; {@code client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the Kustomization controller with {@code operator} (not started here), with a watch
   * on the served source kinds that reconciles a Kustomization when its source's artifact revision
   * changes, and an immediate reconcile of the Kustomizations that {@code dependsOn} one that
   * became Ready (or applied a new revision while Ready).
   */
  @Override
  public void register(Operator operator) {
    KustomizationReconciler kind = new KustomizationReconciler(client, fetcher, options, features);
    registered.add(kind);
    KustomizationInputs inputs = new KustomizationInputs();
    FluxReconciler<Kustomization> reconciler =
        FluxReconciler.builder(kind)
            .controllerName(KustomizationReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .intervalJitter(intervalJitter)
            .skipUnchanged(inputs)
            .build();
    operator.register(
        new KustomizationController(reconciler, client, namespaces, sourceKindDiscovery, inputs),
        ControllerConfigurationOverrider.override(
                FluxControllerConfiguration.of(
                    Kustomization.class,
                    "kustomization",
                    namespaces,
                    watchLabelSelector,
                    operator.getConfigurationService()))
            // No reconcile reads managedFields: do not keep them for every cached object.
            .withItemStore(LeanItemStore.<Kustomization>withoutManagedFields())
            .build());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int concurrency() {
    return concurrency;
  }

  /** Starts an operator of its own with {@code concurrency} reconcile threads. */
  @Override
  public synchronized KustomizeController start() {
    operator.start(settings, this::register);
    return this;
  }

  /**
   * Stops the operator started by {@link #start()}, letting in-flight reconciles finish within the
   * shutdown timeout, and closes the impersonating clients of every registered reconciler; the
   * client given to the builder stays open.
   */
  @Override
  public synchronized void close() {
    operator.stop();
    registered.forEach(KustomizationReconciler::close);
    registered.clear();
  }

  /** Configuration of a {@link KustomizeController}. */
  public static final class Builder extends ControllerBuilder<Builder> {
    /** The options of a controller built without {@link #options}: Flux's, without jitter. */
    private static final KustomizeControllerOptions EMBEDDED =
        KustomizeControllerOptions.builder().intervalJitterPercentage(0).build();

    private ArtifactFetcher fetcher;
    private KustomizeControllerOptions options = EMBEDDED;
    private Path controllerTokenFile = WorkloadIdentityKubeConfig.POD_TOKEN_FILE;
    private Duration sourceKindDiscovery = KustomizationController.SOURCE_KIND_DISCOVERY;

    private Builder() {
      super(KustomizeControllerOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The controller's flags ({@code --requeue-dependency}, {@code --default-service-account},
     * {@code --no-cross-namespace-refs}, {@code --sops-age-secret}, {@code --no-remote-bases},
     * {@code --watch-label-selector}, {@code --interval-jitter-percentage}, the kubeconfig flags,
     * the feature gates, and {@code --concurrent} and the watched namespaces, which later {@link
     * #concurrency}/{@link #watchNamespaces} calls override). Default: Flux's defaults without
     * interval jitter ({@link Main}'s flag defaults to Flux's 5%).
     */
    public Builder options(KustomizeControllerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return concurrency(options.concurrent()).watchNamespaces(options.watchNamespaces());
    }

    /**
     * The token file naming the controller's own service account, for a {@code
     * kubeConfig.configMapRef} without service account (default: the pod's token file).
     */
    public Builder controllerTokenFile(Path tokenFile) {
      this.controllerTokenFile = tokenFile;
      return this;
    }

    /**
     * How often discovery is asked for source kinds whose CRD was not served at start (default
     * 30s); once served, a kind is watched without a restart.
     */
    public Builder sourceKindDiscovery(Duration interval) {
      if (interval == null || interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("sourceKindDiscovery must be positive");
      }
      this.sourceKindDiscovery = interval;
      return this;
    }

    /** How artifacts are downloaded (default: {@link ArtifactFetcher#builder()} defaults). */
    public Builder fetcher(ArtifactFetcher fetcher) {
      this.fetcher = fetcher;
      return this;
    }

    /** The controller. */
    public KustomizeController build() {
      return new KustomizeController(this);
    }
  }
}

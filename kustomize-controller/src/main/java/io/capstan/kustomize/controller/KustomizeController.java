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
    this.options =
        new KustomizationReconciler.Options(
            b.defaultServiceAccount,
            b.noCrossNamespaceRefs,
            b.requeueDependency,
            b.sopsAgeSecret,
            b.noRemoteBases,
            new RemoteClusterAccess(
                new KubeConfigOptions(b.insecureKubeConfigExec, b.insecureKubeConfigTls),
                new WorkloadIdentityKubeConfig.Options(
                    b.objectLevelWorkloadIdentity,
                    b.defaultServiceAccount,
                    b.controllerTokenFile)));
    this.sourceKindDiscovery = b.sourceKindDiscovery;
    this.watchLabelSelector = b.watchLabelSelector;
    this.intervalJitter = b.intervalJitter;
    this.meterRegistry = settings.meterRegistry();
    this.features =
        new FeatureGates(
            b.strictPostBuildSubstitutions,
            b.additiveCelDependencyCheck,
            b.externalArtifact,
            b.objectLevelWorkloadIdentity);
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
    private ArtifactFetcher fetcher;
    private String defaultServiceAccount;
    private String sopsAgeSecret;
    private boolean noCrossNamespaceRefs;
    private boolean noRemoteBases;
    private Duration requeueDependency =
        KustomizationReconciler.Options.DEFAULTS.requeueDependency();
    private boolean strictPostBuildSubstitutions;
    private boolean additiveCelDependencyCheck;
    private boolean externalArtifact;
    private boolean insecureKubeConfigExec;
    private boolean insecureKubeConfigTls;
    private boolean objectLevelWorkloadIdentity;
    private Path controllerTokenFile = WorkloadIdentityKubeConfig.POD_TOKEN_FILE;
    private Duration sourceKindDiscovery = KustomizationController.SOURCE_KIND_DISCOVERY;
    private String watchLabelSelector;
    private IntervalJitter intervalJitter = IntervalJitter.NONE;

    private Builder() {
      super(KustomizeControllerOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Flux's {@code --default-service-account}: the service account (in each Kustomization's
     * namespace) impersonated for apply, prune, health checks and deletion when a Kustomization
     * sets no {@code spec.serviceAccountName}. Null or empty (the default): the controller's own
     * identity.
     */
    public Builder defaultServiceAccount(String serviceAccount) {
      this.defaultServiceAccount = serviceAccount;
      return this;
    }

    /**
     * Flux's {@code --insecure-kubeconfig-exec} (default false): a kubeconfig Secret's {@code
     * user.exec} credential plugin is run (a program of the tenant's choosing, in the controller);
     * without it such a kubeconfig fails with {@code ReconciliationFailed}.
     */
    public Builder insecureKubeConfigExec(boolean allowed) {
      this.insecureKubeConfigExec = allowed;
      return this;
    }

    /**
     * Flux's {@code --insecure-kubeconfig-tls} (default false): a kubeconfig's {@code
     * insecure-skip-tls-verify: true} is honoured; without it TLS is verified regardless.
     */
    public Builder insecureKubeConfigTls(boolean allowed) {
      this.insecureKubeConfigTls = allowed;
      return this;
    }

    /**
     * Flux's {@code ObjectLevelWorkloadIdentity} feature gate (default false): a {@code
     * kubeConfig.configMapRef} may name a {@code serviceAccountName} (or use the default service
     * account) whose token authenticates to the remote cluster.
     */
    public Builder objectLevelWorkloadIdentity(boolean enabled) {
      this.objectLevelWorkloadIdentity = enabled;
      return this;
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
     * Flux's {@code --sops-age-secret}: the Secret ({@code namespace/name}) whose {@code *.agekey}
     * entries decrypt for a Kustomization with {@code spec.decryption} but no {@code secretRef}.
     * Null (the default): none.
     */
    public Builder sopsAgeSecret(String namespacedName) {
      this.sopsAgeSecret = namespacedName;
      return this;
    }

    /**
     * Flux's {@code StrictPostBuildSubstitutions} feature gate (default false): a {@code ${var}}
     * that is not set and has no default fails the build with {@code BuildFailed}.
     */
    public Builder strictPostBuildSubstitutions(boolean enabled) {
      this.strictPostBuildSubstitutions = enabled;
      return this;
    }

    /**
     * Flux's {@code --no-cross-namespace-refs}: a {@code sourceRef} or {@code dependsOn} naming
     * another namespace makes the Kustomization Stalled with reason {@code AccessDenied}.
     */
    public Builder noCrossNamespaceRefs(boolean noCrossNamespaceRefs) {
      this.noCrossNamespaceRefs = noCrossNamespaceRefs;
      return this;
    }

    /**
     * Flux's {@code --no-remote-bases} (default false): a Git repository in a kustomization's
     * {@code resources} or {@code components} fails the build with {@code BuildFailed} and is not
     * cloned; single files over HTTP(S) still load, as in Flux.
     */
    public Builder noRemoteBases(boolean noRemoteBases) {
      this.noRemoteBases = noRemoteBases;
      return this;
    }

    /**
     * Flux's {@code --requeue-dependency} (default 30s): how long to wait before checking a
     * dependency that is not ready, or a source that has no artifact, again. Dependents are also
     * reconciled at once when a dependency becomes Ready.
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
     * Flux's {@code AdditiveCELDependencyCheck} feature gate (default false): a {@code
     * dependsOn[].readyExpr} must hold in addition to the built-in readiness check.
     */
    public Builder additiveCelDependencyCheck(boolean enabled) {
      this.additiveCelDependencyCheck = enabled;
      return this;
    }

    /**
     * Flux's {@code ExternalArtifact} feature gate (default false): a {@code sourceRef} may name an
     * {@code ExternalArtifact}; without it such a Kustomization is refused with {@code
     * AccessDenied}.
     */
    public Builder externalArtifact(boolean enabled) {
      this.externalArtifact = enabled;
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

    /**
     * Flux's {@code --watch-label-selector}: only Kustomizations whose labels match this selector
     * (e.g. {@code sharding.fluxcd.io/shard=shard1}, {@code !sharding.fluxcd.io/key}) are watched
     * and reconciled, for sharding across controller instances. Null (the default): all.
     */
    public Builder watchLabelSelector(String selector) {
      this.watchLabelSelector = selector == null || selector.isBlank() ? null : selector.trim();
      return this;
    }

    /**
     * Flux's {@code --interval-jitter-percentage}: a successful reconcile is requeued after {@code
     * spec.interval} ± up to this jitter (default for embedding: none; {@link Main}'s flag defaults
     * to Flux's 5%).
     */
    public Builder intervalJitter(IntervalJitter jitter) {
      this.intervalJitter = Objects.requireNonNull(jitter, "jitter");
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

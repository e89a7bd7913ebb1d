package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
public final class KustomizeController implements AutoCloseable {

  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final int concurrency;
  private final Duration shutdownTimeout;
  private final Set<String> namespaces;
  private final KustomizationReconciler.Options options;
  private final List<KustomizationReconciler> registered = new CopyOnWriteArrayList<>();
  private final MeterRegistry meterRegistry;
  private final FeatureGates features;
  private Operator operator;

  private KustomizeController(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.fetcher = b.fetcher == null ? ArtifactFetcher.builder().build() : b.fetcher;
    this.concurrency = b.concurrency;
    this.shutdownTimeout = b.shutdownTimeout;
    this.namespaces = Set.copyOf(b.namespaces);
    this.options =
        new KustomizationReconciler.Options(
            b.defaultServiceAccount, b.noCrossNamespaceRefs, b.requeueDependency, b.sopsAgeSecret);
    this.meterRegistry = b.meterRegistry == null ? new SimpleMeterRegistry() : b.meterRegistry;
    this.features = new FeatureGates(b.strictPostBuildSubstitutions, b.additiveCelDependencyCheck);
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
  public void register(Operator operator) {
    KustomizationReconciler kind = new KustomizationReconciler(client, fetcher, options, features);
    registered.add(kind);
    FluxReconciler<Kustomization> reconciler =
        FluxReconciler.builder(kind)
            .controllerName(KustomizationReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .build();
    operator.register(
        new KustomizationController(reconciler, client, namespaces),
        FluxControllerConfiguration.of(
            Kustomization.class, "kustomization", namespaces, operator.getConfigurationService()));
  }

  /** Starts an operator of its own with {@code concurrency} reconcile threads. */
  public synchronized void start() {
    if (operator != null) {
      throw new IllegalStateException("already started");
    }
    Operator started =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withReconciliationTerminationTimeout(shutdownTimeout)
                    .withConcurrentReconciliationThreads(concurrency));
    register(started);
    started.start();
    operator = started;
  }

  /**
   * Stops the operator started by {@link #start()}, letting in-flight reconciles finish within the
   * shutdown timeout, and closes the impersonating clients of every registered reconciler; the
   * client given to the builder stays open.
   */
  @Override
  public synchronized void close() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
    registered.forEach(KustomizationReconciler::close);
    registered.clear();
  }

  /** Configuration of a {@link KustomizeController}. */
  public static final class Builder {
    private KubernetesClient client;
    private ArtifactFetcher fetcher;
    private int concurrency = 4;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Set<String> namespaces = Set.of();
    private String defaultServiceAccount;
    private String sopsAgeSecret;
    private boolean noCrossNamespaceRefs;
    private Duration requeueDependency =
        KustomizationReconciler.Options.DEFAULTS.requeueDependency();
    private MeterRegistry meterRegistry;
    private boolean strictPostBuildSubstitutions;
    private boolean additiveCelDependencyCheck;

    private Builder() {}

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

    /** The client for reading sources and applying objects (read Flux kinds tolerantly). */
    public Builder client(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** Parallel reconciles (Flux's {@code --concurrent}, default 4). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * How long {@link #close()} waits for in-flight reconciles (default 30s, controller-runtime's
     * graceful shutdown timeout).
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Where Flux's reconcile metrics go (e.g. a Prometheus registry; default: in memory). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** Watches only these namespaces (default: all). */
    public Builder namespaces(Set<String> namespaces) {
      this.namespaces = Set.copyOf(namespaces);
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

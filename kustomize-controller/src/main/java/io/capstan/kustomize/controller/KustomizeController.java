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
import java.util.Objects;
import java.util.Set;

/**
 * kustomize-controller as a library: reconciles every Kustomization (in all namespaces or the given
 * ones) with {@link KustomizationReconciler}. Either {@link #start()} its own operator or {@link
 * #register(Operator)} it with one the application runs.
 */
public final class KustomizeController implements AutoCloseable {

  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final int concurrency;
  private final Duration requeueDependency;
  private final Duration shutdownTimeout;
  private final Set<String> namespaces;
  private final MeterRegistry meterRegistry;
  private Operator operator;

  private KustomizeController(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.fetcher = b.fetcher == null ? ArtifactFetcher.builder().build() : b.fetcher;
    this.concurrency = b.concurrency;
    this.requeueDependency = b.requeueDependency;
    this.shutdownTimeout = b.shutdownTimeout;
    this.namespaces = Set.copyOf(b.namespaces);
    this.meterRegistry = b.meterRegistry == null ? new SimpleMeterRegistry() : b.meterRegistry;
  }

  /** A builder; {@code client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the Kustomization controller with {@code operator} (not started here), with a watch
   * on the served source kinds that reconciles a Kustomization when its source's artifact revision
   * changes.
   */
  public void register(Operator operator) {
    FluxReconciler<Kustomization> reconciler =
        FluxReconciler.builder(new KustomizationReconciler(client, fetcher, requeueDependency))
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
   * shutdown timeout; the client stays open.
   */
  @Override
  public synchronized void close() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  /** Configuration of a {@link KustomizeController}. */
  public static final class Builder {
    private KubernetesClient client;
    private ArtifactFetcher fetcher;
    private int concurrency = 4;
    private Duration requeueDependency = Duration.ofSeconds(30);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Set<String> namespaces = Set.of();
    private MeterRegistry meterRegistry;

    private Builder() {}

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

    /** Retry delay while dependencies are not ready (Flux's {@code --requeue-dependency}, 30s). */
    public Builder requeueDependency(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("requeueDependency must be positive");
      }
      this.requeueDependency = delay;
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

package io.capstan.image.controller;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.image.scan.TagStore;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * image-reflector-controller as a library: reconciles ImageRepositories (tag scans, stored under
 * the storage path) and ImagePolicies (tag selection). Either {@link #start()} its own operator or
 * {@link #register(Operator)} it with one the application runs.
 */
public final class ImageReflectorController implements AutoCloseable {

  private final KubernetesClient client;
  private final TagStore store;
  private final int concurrency;
  private final Duration shutdownTimeout;
  private final Duration requeueDependency;
  private final Set<String> namespaces;
  private final MeterRegistry meterRegistry;
  private Operator operator;

  private ImageReflectorController(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.store = new TagStore(Objects.requireNonNull(b.storagePath, "storagePath"));
    this.concurrency = b.concurrency;
    this.shutdownTimeout = b.shutdownTimeout;
    this.requeueDependency = b.requeueDependency;
    this.namespaces = Set.copyOf(b.namespaces);
    this.meterRegistry = b.meterRegistry == null ? new SimpleMeterRegistry() : b.meterRegistry;
  }

  /** A builder; {@code client} and {@code storagePath} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Registers the ImageRepository and ImagePolicy controllers with {@code operator}. */
  public void register(Operator operator) {
    FluxReconciler<ImageRepository> repositories =
        FluxReconciler.builder(new ImageRepositoryReconciler(client, store, Clock.systemUTC()))
            .controllerName(ImageRepositoryReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .build();
    operator.register(
        repositories,
        FluxControllerConfiguration.of(
            ImageRepository.class,
            "imagerepository",
            namespaces,
            operator.getConfigurationService()));
    FluxReconciler<ImagePolicy> policies =
        FluxReconciler.builder(new ImagePolicyReconciler(client, store, requeueDependency))
            .controllerName(ImageRepositoryReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .build();
    operator.register(
        new ImagePolicyController(policies, namespaces),
        FluxControllerConfiguration.of(
            ImagePolicy.class, "imagepolicy", namespaces, operator.getConfigurationService()));
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

  /** Stops the operator started by {@link #start()}; the client stays open. */
  @Override
  public synchronized void close() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  /** Configuration of an {@link ImageReflectorController}. */
  public static final class Builder {
    private KubernetesClient client;
    private Path storagePath;
    private int concurrency = 4;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration requeueDependency = Duration.ofSeconds(30);
    private Set<String> namespaces = Set.of();
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** The client for the Flux image kinds, Secrets and Namespaces. */
    public Builder client(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** Flux's {@code --storage-path}: where scanned tags are kept (one JSON file per object). */
    public Builder storagePath(Path storagePath) {
      this.storagePath = storagePath;
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

    /** Flux's {@code --requeue-dependency} (default 30s): retry while a repository is not ready. */
    public Builder requeueDependency(Duration requeueDependency) {
      if (requeueDependency == null
          || requeueDependency.isZero()
          || requeueDependency.isNegative()) {
        throw new IllegalArgumentException("requeueDependency must be positive");
      }
      this.requeueDependency = requeueDependency;
      return this;
    }

    /** How long {@link #close()} waits for in-flight reconciles (default 30s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Watches only these namespaces (default: all). */
    public Builder namespaces(Set<String> namespaces) {
      this.namespaces = Set.copyOf(namespaces);
      return this;
    }

    /** Where Flux's reconcile metrics go (default: in memory). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** The controller. */
    public ImageReflectorController build() {
      return new ImageReflectorController(this);
    }
  }
}

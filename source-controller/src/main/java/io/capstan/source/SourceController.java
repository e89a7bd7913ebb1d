package io.capstan.source;

import io.capstan.api.meta.FluxStatus;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.controller.FluxReconcilerBuilder;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.LeanItemStore;
import io.capstan.runtime.controller.ReconcileInputs;
import io.capstan.runtime.kube.KubernetesResourcePatcher;
import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerBuilder;
import io.capstan.source.controller.BucketReconciler;
import io.capstan.source.controller.GitRepositoryController;
import io.capstan.source.controller.GitRepositoryInputs;
import io.capstan.source.controller.GitRepositoryReconciler;
import io.capstan.source.controller.HelmChartController;
import io.capstan.source.controller.HelmChartInputs;
import io.capstan.source.controller.HelmChartReconciler;
import io.capstan.source.controller.HelmRepositoryController;
import io.capstan.source.controller.HelmRepositoryReconciler;
import io.capstan.source.controller.OCIRepositoryController;
import io.capstan.source.controller.OCIRepositoryReconciler;
import io.capstan.source.helm.HelmSettings;
import io.capstan.source.helm.IndexCache;
import io.capstan.source.helmchart.ChartLimits;
import io.capstan.source.storage.ArtifactServer;
import io.capstan.source.storage.ArtifactStorage;
import io.capstan.source.storage.RetentionPolicy;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Capstan's source-controller as a library: reconciles GitRepositories into artifacts in a storage
 * directory and serves them over HTTP.
 *
 * <pre>{@code
 * try (SourceController sc = SourceController.builder()
 *     .client(client)
 *     .options(SourceControllerOptions.builder()
 *         .storagePath(Path.of("/data")).storageAddress(":9090")
 *         .storageAdvertisedAddress("source-controller.flux-system.svc.cluster.local.")
 *         .concurrent(4).build())
 *     .build()) {
 *   sc.start();   // artifact server + a Java Operator SDK operator
 *   ...
 * }
 * }</pre>
 *
 * <p>Applications running their own operator call {@link #register(Operator)} instead of {@link
 * #start()}; it starts the artifact server too (which {@link #close()} stops).
 */
public final class SourceController implements Controller {

  /** The controller name in events and the JOSDK controller name prefix. */
  public static final String NAME = "source-controller";

  private final KubernetesClient client;
  private final Path storagePath;
  private final String storageAddress;
  private final String advertisedAddress;
  private final ControllerBuilder.Settings settings;
  private final int concurrency;
  private final RetentionPolicy retention;
  private final Duration requeueDependency;
  private final Set<String> watchNamespaces;
  private final MeterRegistry meterRegistry;
  private final long bucketObjectSizeLimit;
  private final long ociMaxLayerSize;
  private final HelmSettings helm;
  private IndexCache helmIndexCache;
  private ArtifactServer server;
  private ArtifactStorage storage;
  private Operator operator;

  private SourceController(Builder b) {
    this.settings = b.settings();
    this.client = settings.client();
    SourceControllerOptions o = Objects.requireNonNull(b.options, "options");
    this.storagePath = Objects.requireNonNull(o.storagePath(), "storagePath");
    this.storageAddress = Objects.requireNonNull(o.storageAddress(), "storageAddress");
    this.advertisedAddress = o.storageAdvertisedAddress();
    this.concurrency = settings.concurrency();
    this.retention = new RetentionPolicy(o.retentionTtl(), o.retentionRecords());
    this.requeueDependency = Objects.requireNonNull(o.requeueDependency(), "requeueDependency");
    this.watchNamespaces = settings.watchNamespaces();
    this.meterRegistry = settings.meterRegistry();
    this.bucketObjectSizeLimit = b.bucketObjectSizeLimit;
    this.ociMaxLayerSize = b.ociMaxLayerSize;
    this.helm = o.helm();
  }

  /** Starts configuring a controller; {@code client} and {@code options} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the artifact server on {@code storageAddress}, then an operator reconciling
   * GitRepositories with {@code concurrency} workers. Returns once the informers are synced.
   */
  @Override
  public synchronized SourceController start() throws IOException {
    if (operator != null) {
      throw new IllegalStateException("already started");
    }
    operator = settings.newOperator();
    register(operator);
    operator.start();
    return this;
  }

  /** Starts only the artifact server (idempotent), creating the storage directory if missing. */
  public synchronized InetSocketAddress startArtifactServer() throws IOException {
    if (server == null) {
      Files.createDirectories(storagePath); // as Flux's storage does (MkdirAll)
      server = ArtifactServer.start(storagePath, storageAddress);
    }
    return server.address();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int concurrency() {
    return concurrency;
  }

  /** True while the artifact server runs. */
  @Override
  public synchronized boolean ready() {
    return server != null;
  }

  /**
   * Starts the artifact server (so that artifact URLs name its bound port), then registers the
   * GitRepository, Bucket, OCIRepository and HelmRepository controllers with an operator that the
   * caller starts.
   */
  @Override
  public synchronized void register(Operator target) throws IOException {
    startArtifactServer();
    GitRepositoryInputs gitInputs = new GitRepositoryInputs();
    register(
        target,
        GitRepository.class,
        "gitrepository",
        new GitRepositoryReconciler(client, storage(), requeueDependency),
        reconciler -> new GitRepositoryController(reconciler, watchNamespaces, gitInputs),
        // Includes: the included repositories' artifacts from the include watch's cache.
        gitInputs);
    register(
        target,
        Bucket.class,
        "bucket",
        new BucketReconciler(
            client, storage(), BucketReconciler.DEFAULT_PARALLELISM, bucketObjectSizeLimit),
        reconciler -> reconciler,
        ReconcileInputs.none());
    register(
        target,
        OCIRepository.class,
        "ocirepository",
        new OCIRepositoryReconciler(client, storage(), ociMaxLayerSize),
        OCIRepositoryController::new,
        ReconcileInputs.none());
    HelmRepositoryReconciler helmRepository =
        new HelmRepositoryReconciler(client, storage(), helm, helmIndexCache())
            .cacheEventsTo(meterRegistry);
    register(
        target,
        HelmRepository.class,
        "helmrepository",
        helmRepository,
        reconciler ->
            new HelmRepositoryController(
                reconciler,
                helmRepository,
                new KubernetesResourcePatcher(
                    client, KubernetesResourcePatcher.fieldManager(NAME))),
        ReconcileInputs.none());
    HelmChartInputs chartInputs = new HelmChartInputs();
    register(
        target,
        HelmChart.class,
        "helmchart",
        new HelmChartReconciler(
                client,
                storage(),
                new ChartLimits(helm.chartMaxSize(), helm.chartFileMaxSize()),
                requeueDependency,
                helmIndexCache())
            .cacheEventsTo(meterRegistry),
        reconciler -> new HelmChartController(reconciler, watchNamespaces, chartInputs),
        // The source's artifact from the source watches' caches.
        chartInputs);
  }

  /**
   * Wraps {@code kind} in a {@link FluxReconciler} (this controller's name, client and meters),
   * wraps that in the JOSDK reconciler {@code controller} makes of it, and registers the result for
   * {@code type} under the JOSDK controller name {@code name} with Flux's configuration. With
   * {@code inputs} (null: none), reconciles the SDK runs only for events that arrived while the
   * object waited for a worker are dropped ({@link FluxReconcilerBuilder#skipUnchanged}): kinds
   * with no watch besides their own objects state no inputs of their own ({@link
   * ReconcileInputs#none()}).
   */
  private <R extends CustomResource<?, ? extends FluxStatus>> void register(
      Operator target,
      Class<R> type,
      String name,
      KindReconciler<R> kind,
      Function<FluxReconciler<R>, Reconciler<R>> controller,
      ReconcileInputs<R> inputs) {
    FluxReconcilerBuilder<R> builder =
        FluxReconciler.builder(kind)
            .controllerName(NAME)
            .client(client)
            .meterRegistry(meterRegistry);
    if (inputs != null) {
      builder.skipUnchanged(inputs);
    }
    FluxReconciler<R> reconciler = builder.build();
    target.register(
        controller.apply(reconciler),
        ControllerConfigurationOverrider.override(
                FluxControllerConfiguration.of(
                    type, name, watchNamespaces, target.getConfigurationService()))
            // No reconcile reads managedFields: do not keep them for every cached object.
            .withItemStore(LeanItemStore.<R>withoutManagedFields())
            .build());
  }

  /**
   * The parsed chart repository indexes shared by HelmRepository (which fills it) and HelmChart
   * (which reads it), keyed by index artifact path; sized by {@code --helm-cache-max-size}.
   */
  public synchronized IndexCache helmIndexCache() {
    if (helmIndexCache == null) {
      helmIndexCache = helm.newIndexCache();
    }
    return helmIndexCache;
  }

  /** The Helm flags this controller runs with. */
  public HelmSettings helmSettings() {
    return helm;
  }

  /**
   * The artifact storage. Its advertised address is {@code storageAdvertisedAddress}, or else the
   * address the artifact server is bound to (as seen from this host).
   */
  public synchronized ArtifactStorage storage() {
    if (storage == null) {
      String advertised = advertisedAddress;
      if (advertised == null) {
        InetSocketAddress bound = server != null ? server.address() : null;
        advertised =
            bound != null
                ? "127.0.0.1:" + bound.getPort()
                : storageAddress.startsWith(":") ? "localhost" + storageAddress : storageAddress;
      }
      try {
        storage = new ArtifactStorage(storagePath, advertised, retention);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the artifact storage " + storagePath, e);
      }
    }
    return storage;
  }

  /** The bound address of the artifact server, or null when it is not running. */
  public synchronized InetSocketAddress artifactServerAddress() {
    return server == null ? null : server.address();
  }

  /**
   * Stops the operator (if started here; in-flight reconciles finish within the shutdown timeout),
   * then the artifact server; the client stays open. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
    if (helmIndexCache != null) {
      helmIndexCache.close();
      helmIndexCache = null;
    }
  }

  /** Configures a {@link SourceController}; defaults follow Flux's flags. */
  public static final class Builder extends ControllerBuilder<Builder> {
    private SourceControllerOptions options;
    private long bucketObjectSizeLimit = BucketReconciler.DEFAULT_MAX_OBJECT_SIZE;
    private long ociMaxLayerSize = OCIRepositoryReconciler.DEFAULT_MAX_LAYER_BYTES;

    private Builder() {
      super(SourceControllerOptions.DEFAULT_CONCURRENT);
    }

    /**
     * The controller's flags (required, as they name the storage): {@code --storage-path}, {@code
     * --storage-addr}, {@code --storage-adv-addr}, the retention and {@code --helm-*} flags, {@code
     * --requeue-dependency}, and {@code --concurrent} and the watched namespaces, which later
     * {@link #concurrency}/{@link #watchNamespaces} calls override.
     */
    public Builder options(SourceControllerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return concurrency(options.concurrent()).watchNamespaces(options.watchNamespaces());
    }

    /**
     * The largest bucket object a Bucket fetches, in bytes (default 100 MiB); a larger object fails
     * the fetch with {@code BucketOperationFailed}.
     */
    public Builder bucketObjectSizeLimit(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("bucketObjectSizeLimit must be positive");
      }
      this.bucketObjectSizeLimit = bytes;
      return this;
    }

    /**
     * Largest OCIRepository layer accepted, compressed and extracted (default 100 MiB, Flux's untar
     * limit); a larger layer fails the reconcile and the previous artifact is kept.
     */
    public Builder ociMaxLayerSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("ociMaxLayerSize must be positive");
      }
      this.ociMaxLayerSize = bytes;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The controller (nothing is started yet). */
    public SourceController build() {
      return new SourceController(this);
    }
  }
}

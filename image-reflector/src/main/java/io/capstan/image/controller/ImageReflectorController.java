package io.capstan.image.controller;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.image.scan.TagStore;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.controller.ReconcileInputs;
import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerBuilder;
import io.capstan.runtime.process.OwnedOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * image-reflector-controller as a library: reconciles ImageRepositories (tag scans, stored under
 * the storage path) and ImagePolicies (tag selection). Either {@link #start()} its own operator or
 * {@link #register(Operator)} it with one the application runs.
 */
public final class ImageReflectorController implements Controller {

  /** The controller name in events, metrics and its Lease. */
  public static final String NAME = ImageRepositoryReconciler.CONTROLLER_NAME;

  private final ControllerBuilder.Settings settings;
  private final KubernetesClient client;
  private final TagStore store;
  private final int concurrency;
  private final Duration requeueDependency;
  private final Set<String> namespaces;
  private final MeterRegistry meterRegistry;
  private final OwnedOperator operator = new OwnedOperator();

  private ImageReflectorController(Builder b) {
    this.settings = b.settings();
    this.client = settings.client();
    ImageReflectorOptions o = Objects.requireNonNull(b.options, "options");
    this.store = new TagStore(Objects.requireNonNull(o.storagePath(), "storagePath"));
    this.concurrency = settings.concurrency();
    this.requeueDependency = o.requeueDependency();
    this.namespaces = settings.watchNamespaces();
    this.meterRegistry = settings.meterRegistry();
  }

  /** A builder; {@code client} and {@code options} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Registers the ImageRepository and ImagePolicy controllers with {@code operator}. */
  @Override
  public void register(Operator operator) {
    FluxReconciler<ImageRepository> repositories =
        FluxReconciler.builder(new ImageRepositoryReconciler(client, store, Clock.systemUTC()))
            .controllerName(ImageRepositoryReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            // No watch but its own objects: what else a scan reads (Secrets, the registry) is
            // read again at the interval, as in Flux.
            .skipUnchanged(ReconcileInputs.none())
            .build();
    operator.register(
        repositories,
        FluxControllerConfiguration.of(
            ImageRepository.class,
            "imagerepository",
            namespaces,
            operator.getConfigurationService()));
    ImagePolicyInputs policyInputs = new ImagePolicyInputs();
    FluxReconciler<ImagePolicy> policies =
        FluxReconciler.builder(new ImagePolicyReconciler(client, store, requeueDependency))
            .controllerName(ImageRepositoryReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .skipUnchanged(policyInputs)
            .build();
    operator.register(
        new ImagePolicyController(policies, namespaces, policyInputs),
        FluxControllerConfiguration.of(
            ImagePolicy.class, "imagepolicy", namespaces, operator.getConfigurationService()));
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
  public synchronized ImageReflectorController start() {
    operator.start(settings, this::register);
    return this;
  }

  /** Stops the operator started by {@link #start()}; the client stays open. */
  @Override
  public synchronized void close() {
    operator.stop();
  }

  /** Configuration of an {@link ImageReflectorController}. */
  public static final class Builder extends ControllerBuilder<Builder> {
    private ImageReflectorOptions options;

    private Builder() {
      super(ImageReflectorOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The controller's flags (required, as they name the storage): {@code --storage-path} (where
     * scanned tags are kept, one JSON file per object), {@code --requeue-dependency}, and {@code
     * --concurrent} and the watched namespaces, which later {@link #concurrency}/{@link
     * #watchNamespaces} calls override.
     */
    public Builder options(ImageReflectorOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return concurrency(options.concurrent()).watchNamespaces(options.watchNamespaces());
    }

    /** The controller. */
    public ImageReflectorController build() {
      return new ImageReflectorController(this);
    }
  }
}

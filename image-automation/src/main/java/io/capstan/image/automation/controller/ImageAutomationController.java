package io.capstan.image.automation.controller;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerBuilder;
import io.capstan.runtime.process.OwnedOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * image-automation-controller as a library: reconciles ImageUpdateAutomations (update the image
 * references marked in a GitRepository's files to the latest images of ImagePolicies, commit,
 * push). Either {@link #start()} its own operator or {@link #register(Operator)} it with one the
 * application runs.
 *
 * <pre>{@code
 * ImageAutomationController controller = ImageAutomationController.builder()
 *     .client(client)
 *     .options(ImageAutomationOptions.builder().concurrent(4).noCrossNamespaceRefs(false).build())
 *     .build();
 * controller.start();
 * }</pre>
 *
 * The reconcilers it registers come from {@link AutomationReconcilers}, which read the settings
 * below.
 */
public final class ImageAutomationController implements Controller {

  /** The controller name in events, metrics and its Lease. */
  public static final String NAME = "image-automation-controller";

  private final ControllerBuilder.Settings settings;
  private final boolean noCrossNamespaceRefs;
  private final String defaultServiceAccount;
  private final ImageAutomationFeatureGates featureGates;
  private final List<String> sshKexAlgorithms;
  private final List<String> sshHostKeyAlgorithms;
  private final OwnedOperator operator = new OwnedOperator();

  private ImageAutomationController(Builder b) {
    this.settings = b.settings();
    ImageAutomationOptions o = b.options;
    this.noCrossNamespaceRefs = o.noCrossNamespaceRefs();
    this.defaultServiceAccount = o.defaultServiceAccount();
    this.featureGates = o.featureGates();
    this.sshKexAlgorithms = o.sshKexAlgorithms();
    this.sshHostKeyAlgorithms = o.sshHostKeyAlgorithms();
  }

  /** A builder; {@code client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Registers the controller's reconcilers with {@code operator}. */
  @Override
  public void register(Operator operator) throws IOException {
    for (AutomationReconcilers.Registration r : AutomationReconcilers.of(this)) {
      r.register(operator);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int concurrency() {
    return settings.concurrency();
  }

  /** The API client (not closed by the controller). */
  public KubernetesClient client() {
    return settings.client();
  }

  /** Namespaces watched; empty for all. */
  public Set<String> watchNamespaces() {
    return settings.watchNamespaces();
  }

  /** Where Flux's reconcile metrics go. */
  public MeterRegistry meterRegistry() {
    return settings.meterRegistry();
  }

  /** {@code --no-cross-namespace-refs}. */
  public boolean noCrossNamespaceRefs() {
    return noCrossNamespaceRefs;
  }

  /** {@code --default-service-account}; empty for none. */
  public String defaultServiceAccount() {
    return defaultServiceAccount;
  }

  /** {@code --feature-gates}. */
  public ImageAutomationFeatureGates featureGates() {
    return featureGates;
  }

  /** {@code --ssh-kex-algos}; empty for the Git client's defaults. */
  public List<String> sshKexAlgorithms() {
    return sshKexAlgorithms;
  }

  /** {@code --ssh-hostkey-algos}; empty for the Git client's defaults. */
  public List<String> sshHostKeyAlgorithms() {
    return sshHostKeyAlgorithms;
  }

  /** Starts an operator of its own with {@code concurrency} reconcile threads. */
  @Override
  public synchronized ImageAutomationController start() throws IOException {
    operator.start(settings, this::register);
    return this;
  }

  /** Stops the operator started by {@link #start()}; the client stays open. */
  @Override
  public synchronized void close() {
    operator.stop();
  }

  /** Configuration of an {@link ImageAutomationController}. */
  public static final class Builder extends ControllerBuilder<Builder> {
    private ImageAutomationOptions options = ImageAutomationOptions.builder().build();

    private Builder() {
      super(ImageAutomationOptions.DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The controller's flags ({@code --no-cross-namespace-refs}, {@code --default-service-account},
     * {@code --feature-gates}, {@code --ssh-kex-algos}, {@code --ssh-hostkey-algos}, and {@code
     * --concurrent} and the watched namespaces, which later {@link #concurrency}/{@link
     * #watchNamespaces} calls override). Default: Flux's defaults.
     */
    public Builder options(ImageAutomationOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return concurrency(options.concurrent()).watchNamespaces(options.watchNamespaces());
    }

    /** The controller. */
    public ImageAutomationController build() {
      return new ImageAutomationController(this);
    }
  }
}

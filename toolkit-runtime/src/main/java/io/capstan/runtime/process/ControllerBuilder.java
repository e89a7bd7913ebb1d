package io.capstan.runtime.process;

import io.capstan.runtime.metrics.WorkQueueMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The builder part every controller facade shares, so that every facade is configured with the same
 * names: {@code client}, {@code concurrency}, {@code shutdownTimeout}, {@code watchNamespaces},
 * {@code meterRegistry}. A facade's builder extends it and adds its own settings:
 *
 * <pre>{@code
 * public static final class Builder extends ControllerBuilder<Builder> {
 *   private Builder() { super(4); }                 // Flux's --concurrent default
 *   protected Builder self() { return this; }
 *   public Builder requeueDependency(Duration d) { ...; return this; }
 *   public KustomizeController build() { return new KustomizeController(this); }
 * }
 * }</pre>
 *
 * @param <B> the facade's builder
 */
public abstract class ControllerBuilder<B extends ControllerBuilder<B>> {

  /**
   * The shared settings, validated.
   *
   * @param client the API client (not closed by the controller)
   * @param concurrency reconciles at once ({@code --concurrent})
   * @param shutdownTimeout how long {@code close()} waits for in-flight reconciles
   * @param watchNamespaces namespaces to watch; empty for all
   * @param meterRegistry where Flux's reconcile metrics go
   */
  public record Settings(
      KubernetesClient client,
      int concurrency,
      Duration shutdownTimeout,
      Set<String> watchNamespaces,
      MeterRegistry meterRegistry) {

    /**
     * A Java Operator SDK operator for a controller's own {@code start()} (not started): this
     * client (left open on stop), {@code concurrency} reconcile threads, in-flight reconciles given
     * {@code shutdownTimeout} on stop, startup failing on informer errors, controller-runtime's
     * {@code workqueue_*} series in {@code meterRegistry} ({@link WorkQueueMetrics}).
     */
    public Operator newOperator() {
      return new Operator(
          o ->
              o.withKubernetesClient(client)
                  .withConcurrentReconciliationThreads(concurrency)
                  .withReconciliationTerminationTimeout(shutdownTimeout)
                  .withCloseClientOnStop(false)
                  .withStopOnInformerErrorDuringStartup(true)
                  .withMetrics(new WorkQueueMetrics(meterRegistry)));
    }
  }

  private KubernetesClient client;
  private int concurrency;
  private Duration shutdownTimeout = ControllerGroup.SHUTDOWN_TIMEOUT;
  private Set<String> watchNamespaces = Set.of();
  private MeterRegistry meterRegistry;

  /** Starts with the controller's Flux default for {@code --concurrent}. */
  protected ControllerBuilder(int defaultConcurrency) {
    this.concurrency = defaultConcurrency;
  }

  /** This builder, typed. */
  protected abstract B self();

  /** The API server client (required; not closed by the controller). */
  public B client(KubernetesClient client) {
    this.client = client;
    return self();
  }

  /** {@code --concurrent}: reconciles running at once (default: the controller's, as Flux). */
  public B concurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.concurrency = concurrency;
    return self();
  }

  /**
   * How long {@code close()} waits for in-flight reconciles (default 30s, controller-runtime's
   * graceful shutdown timeout).
   */
  public B shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /** Namespaces to watch; empty (the default) watches all namespaces. */
  public B watchNamespaces(Set<String> namespaces) {
    this.watchNamespaces = Set.copyOf(namespaces);
    return self();
  }

  /** Where Flux's reconcile metrics go (e.g. a Prometheus registry; default: in memory). */
  public B meterRegistry(MeterRegistry registry) {
    this.meterRegistry = registry;
    return self();
  }

  /**
   * The shared settings for the facade's constructor.
   *
   * @throws NullPointerException when no client was given
   */
  public Settings settings() {
    return new Settings(
        Objects.requireNonNull(client, "client"),
        concurrency,
        shutdownTimeout,
        watchNamespaces,
        meterRegistry == null ? new SimpleMeterRegistry() : meterRegistry);
  }
}

package io.capstan.runtime.process;

import io.capstan.runtime.metrics.WorkQueueMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controllers running in one JVM on ONE Java Operator SDK {@link Operator} and ONE client: they
 * share the client's connections and one reconcile thread pool of up to the sum of their
 * concurrencies ({@link ReconcileExecutor}: idle threads are reused and end after a minute). The
 * controllers still learn about each other only through Kubernetes status.
 *
 * <p>{@link #close()} stops the operator (in-flight reconciles finish within the shutdown timeout),
 * then closes every controller it registered, even when one of them fails to close.
 */
public final class ControllerGroup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerGroup.class);

  /** controller-runtime's graceful shutdown timeout. */
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /** How long a reconcile thread beyond the first waits for work before it ends. */
  static final Duration RECONCILER_KEEP_ALIVE = Duration.ofSeconds(60);

  private final List<Controller> controllers;
  private final Operator operator;
  private volatile boolean started;
  private boolean closed;

  private ControllerGroup(List<Controller> controllers, Operator operator) {
    this.controllers = controllers;
    this.operator = operator;
  }

  /**
   * Registers {@code controllers} with one new operator on {@code client} and starts it; returns
   * once the informers are synced. On failure everything started so far is closed again. No {@code
   * workqueue_*} series: see {@link #start(KubernetesClient, List, MeterRegistry)}.
   */
  public static ControllerGroup start(KubernetesClient client, List<Controller> controllers)
      throws IOException {
    return start(client, controllers, null);
  }

  /**
   * As {@link #start(KubernetesClient, List)}, with controller-runtime's {@code workqueue_*} series
   * of every controller in {@code registry} ({@link WorkQueueMetrics}; none when null).
   */
  public static ControllerGroup start(
      KubernetesClient client, List<Controller> controllers, MeterRegistry registry)
      throws IOException {
    Objects.requireNonNull(client, "client");
    List<Controller> list = List.copyOf(controllers);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no controller to run");
    }
    int threads = list.stream().mapToInt(Controller::concurrency).sum();
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withConcurrentReconciliationThreads(threads)
                    .withExecutorService(ReconcileExecutor.create(threads, RECONCILER_KEEP_ALIVE))
                    .withReconciliationTerminationTimeout(SHUTDOWN_TIMEOUT)
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withMetrics(registry == null ? Metrics.NOOP : new WorkQueueMetrics(registry)));
    ControllerGroup group = new ControllerGroup(new ArrayList<>(), operator);
    try {
      for (Controller controller : list) {
        group.controllers.add(controller);
        controller.register(operator);
      }
      operator.start();
      group.started = true;
      return group;
    } catch (RuntimeException | IOException e) {
      group.close();
      throw e;
    }
  }

  /** The controllers, in registration order. */
  public List<Controller> controllers() {
    return List.copyOf(controllers);
  }

  /** The first controller of {@code type}, if it runs here. */
  public <T extends Controller> Optional<T> controller(Class<T> type) {
    return controllers.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** True once the operator runs and every controller is ready (the {@code /readyz} answer). */
  public boolean ready() {
    return started && controllers.stream().allMatch(Controller::ready);
  }

  /** Stops the operator, then closes every controller, newest first. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    started = false;
    try {
      operator.stop();
    } catch (RuntimeException e) {
      // an operator that failed to start may refuse to stop; the controllers must still close
      LOG.debug("operator did not stop cleanly: {}", e.toString());
    }
    for (int i = controllers.size() - 1; i >= 0; i--) {
      Controller controller = controllers.get(i);
      try {
        controller.close();
      } catch (RuntimeException e) {
        LOG.warn("{} did not close cleanly: {}", controller.name(), e.toString());
      }
    }
  }
}

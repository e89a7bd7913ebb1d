package io.capstan.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * controller-runtime's reconcile metrics, which every Flux controller exposes and Flux's "Flux
 * Control Plane" Grafana dashboard plots, under the same names and labels:
 *
 * <ul>
 *   <li>{@code controller_runtime_reconcile_total{controller, result}}: reconciles by result,
 *       {@code success}, {@code error}, {@code requeue} or {@code requeue_after};
 *   <li>{@code controller_runtime_reconcile_errors_total{controller}}: reconciles that failed;
 *   <li>{@code controller_runtime_reconcile_time_seconds{controller}}: histogram of reconcile
 *       durations with controller-runtime's buckets (5 ms to 60 s; bucket boundaries only for
 *       registries that publish histograms, as for {@link ReconcileMetrics}).
 * </ul>
 *
 * <p>{@code controller} is controller-runtime's default controller name: the reconciled kind in
 * lower case ({@code gitrepository}, {@code kustomization}). Counters and timers are looked up by
 * name and tags, so any number of instances may share one registry. Thread-safe.
 *
 * <p>controller-runtime's {@code workqueue_*} series come from {@link WorkQueueMetrics}, the Java
 * Operator SDK hooks installed on the operator; a reconcile that asks to run again after an
 * interval is counted here in {@code workqueue_retries_total}, as controller-runtime counts every
 * add with a delay.
 */
public final class ControllerRuntimeMetrics {

  /** Counter of reconciles (Prometheus: {@code controller_runtime_reconcile_total}). */
  public static final String RECONCILE = "controller_runtime_reconcile";

  /** Counter of failed reconciles ({@code controller_runtime_reconcile_errors_total}). */
  public static final String RECONCILE_ERRORS = "controller_runtime_reconcile_errors";

  /** Reconcile duration histogram ({@code controller_runtime_reconcile_time_seconds}). */
  public static final String RECONCILE_TIME = "controller_runtime_reconcile_time";

  /** How a reconcile ended, as controller-runtime labels it. */
  public enum Result {
    /** Done, nothing scheduled. */
    SUCCESS("success"),
    /** Failed: retried with backoff. */
    ERROR("error"),
    /** Asked to be requeued at once. */
    REQUEUE("requeue"),
    /** Scheduled again after an interval (a Flux object's {@code spec.interval}). */
    REQUEUE_AFTER("requeue_after");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    /** The {@code result} label value. */
    public String label() {
      return label;
    }
  }

  private static final Duration[] BUCKETS = buckets();

  private final MeterRegistry registry;
  private final boolean buckets;

  /** Registers meters in {@code registry} as reconciles are recorded. */
  public ControllerRuntimeMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.buckets = ReconcileMetrics.publishesHistograms(registry);
  }

  /** controller-runtime's controller name for {@code kind}: the kind in lower case. */
  public static String controllerName(String kind) {
    return kind.toLowerCase(Locale.ROOT);
  }

  /** Records one finished reconcile of {@code controller}. */
  public void recordReconcile(String controller, Result result, Duration duration) {
    Counter.builder(RECONCILE)
        .description("Total number of reconciliations per controller")
        .tag("controller", controller)
        .tag("result", result.label())
        .register(registry)
        .increment();
    if (result == Result.ERROR) {
      Counter.builder(RECONCILE_ERRORS)
          .description("Total number of reconciliation errors per controller")
          .tag("controller", controller)
          .register(registry)
          .increment();
    }
    Timer.builder(RECONCILE_TIME)
        .description("Length of time per reconciliation per controller")
        .tag("controller", controller)
        .serviceLevelObjectives(buckets ? BUCKETS : new Duration[0])
        .register(registry)
        .record(duration);
    if (result == Result.REQUEUE_AFTER) {
      WorkQueueMetrics.recordRetry(registry, controller);
    }
  }

  private static Duration[] buckets() {
    double[] seconds = {
      0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9,
      1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50,
      60
    };
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return out;
  }
}

package io.capstan.runtime.metrics;

import io.capstan.api.meta.Condition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flux's controller metrics, under Flux's names and labels so Flux's Grafana dashboards work:
 *
 * <ul>
 *   <li>{@code gotk_reconcile_duration_seconds} histogram, labels {@code kind, name, namespace},
 *       buckets 1e-8 s × 10^0..9 (Flux's {@code ExponentialBuckets(10e-9, 10, 10)});
 *   <li>{@code gotk_reconcile_condition} gauge, labels {@code kind, name, namespace, type, status}:
 *       1 for the current status of the condition, 0 for the other two;
 *   <li>{@code gotk_suspend_status} gauge, labels {@code kind, name, namespace}: 1 when suspended.
 * </ul>
 *
 * <p>{@link #forget} removes every series of a deleted object. Thread-safe.
 *
 * <p>The histogram buckets are given only to registries that publish histograms themselves
 * (Prometheus, also inside a composite). Other registries (the in-memory default) turn each bucket
 * into a gauge tagged with a rounded {@code le}, and Flux's nanosecond buckets round alike: such
 * registries get a plain timer (count, total, max) instead of colliding gauges and Micrometer's
 * "Gauge has been already registered" warning.
 */
public final class ReconcileMetrics {

  /** Name of the reconcile duration histogram (Prometheus adds {@code _seconds}). */
  public static final String DURATION = "gotk_reconcile_duration";

  /** Name of the condition gauge. */
  public static final String CONDITION = "gotk_reconcile_condition";

  /** Name of the suspend gauge. */
  public static final String SUSPEND = "gotk_suspend_status";

  private static final Duration[] BUCKETS = buckets();

  private record ObjectKey(String kind, String namespace, String name) {
    Tags tags() {
      return Tags.of("kind", kind, "name", name, "namespace", namespace == null ? "" : namespace);
    }
  }

  private record Series(ObjectKey object, String type, String status) {}

  /** A registered gauge and the value it reads. */
  private record Cell(AtomicInteger value, Gauge gauge) {}

  private final MeterRegistry registry;
  private final boolean buckets;
  private final Map<Series, Cell> conditions = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Cell> suspended = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Timer> timers = new ConcurrentHashMap<>();
  private final ControllerRuntimeMetrics controllerRuntime;

  /** Registers meters in {@code registry} as objects are reconciled. */
  public ReconcileMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.buckets = publishesHistograms(registry);
    this.controllerRuntime = new ControllerRuntimeMetrics(registry);
  }

  /** controller-runtime's reconcile metrics on the same registry. */
  public ControllerRuntimeMetrics controllerRuntime() {
    return controllerRuntime;
  }

  /** Whether {@code registry} (or one inside it) renders histogram buckets natively. */
  static boolean publishesHistograms(MeterRegistry registry) {
    if (registry instanceof CompositeMeterRegistry composite) {
      return composite.getRegistries().stream().anyMatch(ReconcileMetrics::publishesHistograms);
    }
    // by name: the Prometheus registry is an optional dependency of this module
    return registry.getClass().getName().startsWith("io.micrometer.prometheus");
  }

  /** Observes one reconcile's duration. */
  public void recordDuration(String kind, String namespace, String name, Duration duration) {
    ObjectKey key = new ObjectKey(kind, namespace, name);
    timers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder(DURATION)
                    .description(
                        "The duration in seconds of a GitOps Toolkit resource reconciliation.")
                    .tags(k.tags())
                    .serviceLevelObjectives(buckets ? BUCKETS : new Duration[0])
                    .register(registry))
        .record(duration);
  }

  /**
   * Sets the condition gauge of {@code condition.type}: 1 for its status, 0 for the others. A
   * {@code null} condition counts as Unknown, as in Flux.
   */
  public void recordCondition(
      String kind, String namespace, String name, String type, Condition condition) {
    ObjectKey key = new ObjectKey(kind, namespace, name);
    Condition.Status current = condition == null ? Condition.Status.Unknown : condition.getStatus();
    for (Condition.Status status : Condition.Status.values()) {
      conditions
          .computeIfAbsent(
              new Series(key, type, status.name()),
              s ->
                  register(
                      CONDITION,
                      "The current condition status of a GitOps Toolkit resource.",
                      s.object().tags().and("type", s.type(), "status", s.status())))
          .value()
          .set(status == current ? 1 : 0);
    }
  }

  /** Sets the suspend gauge: 1 when suspended, 0 otherwise. */
  public void recordSuspend(String kind, String namespace, String name, boolean isSuspended) {
    ObjectKey key = new ObjectKey(kind, namespace, name);
    suspended
        .computeIfAbsent(
            key,
            k ->
                register(
                    SUSPEND, "The current suspend status of a GitOps Toolkit resource.", k.tags()))
        .value()
        .set(isSuspended ? 1 : 0);
  }

  /** Removes every series of the object (call when it is deleted). */
  public void forget(String kind, String namespace, String name) {
    ObjectKey key = new ObjectKey(kind, namespace, name);
    List<Series> gone = new ArrayList<>();
    conditions.keySet().stream().filter(s -> s.object().equals(key)).forEach(gone::add);
    for (Series series : gone) {
      Cell cell = conditions.remove(series);
      if (cell != null) {
        registry.remove(cell.gauge());
      }
    }
    Cell suspend = suspended.remove(key);
    if (suspend != null) {
      registry.remove(suspend.gauge());
    }
    Timer timer = timers.remove(key);
    if (timer != null) {
      registry.remove(timer);
    }
  }

  private Cell register(String name, String description, Tags tags) {
    AtomicInteger value = new AtomicInteger();
    Gauge gauge =
        Gauge.builder(name, value, AtomicInteger::get)
            .description(description)
            .tags(tags)
            .register(registry);
    return new Cell(value, gauge);
  }

  private static Duration[] buckets() {
    Duration[] out = new Duration[10];
    long nanos = 10;
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.ofNanos(nanos);
      nanos *= 10;
    }
    return out;
  }
}

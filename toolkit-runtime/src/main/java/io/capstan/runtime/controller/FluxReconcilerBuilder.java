package io.capstan.runtime.controller;

import io.capstan.api.meta.FluxStatus;
import io.capstan.runtime.events.EventRateLimiter;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.EventSink;
import io.capstan.runtime.events.KubernetesEventSink;
import io.capstan.runtime.events.ProcessEventSinks;
import io.capstan.runtime.kube.KubernetesResourcePatcher;
import io.capstan.runtime.kube.ResourcePatcher;
import io.capstan.runtime.metrics.ReconcileMetrics;
import io.capstan.runtime.reconcile.IntervalJitter;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link FluxReconciler}. With {@link #client} the reconciler writes status, finalizers
 * and Kubernetes Events through that client; tests and embedders can replace each edge.
 *
 * @param <R> the custom resource
 */
public final class FluxReconcilerBuilder<R extends CustomResource<?, ? extends FluxStatus>> {

  /**
   * Default window in which identical events are handed to the sinks once: none, as in Flux.
   * Kubernetes Events are counted and rate-limited by {@link
   * io.capstan.runtime.events.EventCorrelator} (client-go's rules), and forwarded events are
   * deduplicated by the notification-controller that receives them.
   */
  public static final Duration DEFAULT_EVENT_WINDOW = Duration.ZERO;

  /**
   * System property that turns {@link #skipUnchanged} off for every reconciler of the JVM when set
   * to {@code false} (an escape hatch, and the "before" of benchmarks).
   */
  public static final String SKIP_UNCHANGED_PROPERTY = "capstan.reconcile.skipUnchanged";

  private final KindReconciler<R> kind;
  private String controllerName = "capstan-controller";
  private String instance = "capstan";
  private KubernetesClient client;
  private ResourcePatcher patcher;
  private final List<EventSink> sinks = new ArrayList<>();
  private Duration eventWindow = DEFAULT_EVENT_WINDOW;
  private MeterRegistry registry;
  private ReconcileMetrics metrics;
  private Clock clock = Clock.systemUTC();
  private int statusPatchAttempts = 5;
  private IntervalJitter jitter = IntervalJitter.NONE;
  private ReconcileInputs<R> inputs;

  FluxReconcilerBuilder(KindReconciler<R> kind) {
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * The reporting controller of events, e.g. {@code source-controller}; status and finalizer writes
   * use the field manager {@code gotk-<name>}, as Flux's controllers.
   */
  public FluxReconcilerBuilder<R> controllerName(String name) {
    this.controllerName = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The replica reporting events (e.g. the pod name); defaults to {@code capstan}. */
  public FluxReconcilerBuilder<R> instance(String instance) {
    this.instance = Objects.requireNonNull(instance, "instance");
    return this;
  }

  /** Writes status, finalizers and Kubernetes Events through {@code client}. */
  public FluxReconcilerBuilder<R> client(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** Writes status and finalizers through {@code patcher} instead of the client. */
  public FluxReconcilerBuilder<R> patcher(ResourcePatcher patcher) {
    this.patcher = Objects.requireNonNull(patcher, "patcher");
    return this;
  }

  /** Adds an event sink (besides Kubernetes Events when a client is set). */
  public FluxReconcilerBuilder<R> eventSink(EventSink sink) {
    sinks.add(Objects.requireNonNull(sink, "sink"));
    return this;
  }

  /** Identical events are recorded at most once per {@code window} (zero: no limit). */
  public FluxReconcilerBuilder<R> eventRateLimit(Duration window) {
    this.eventWindow = Objects.requireNonNull(window, "window");
    return this;
  }

  /** Registers Flux's metrics in {@code registry} (e.g. a Prometheus registry). */
  public FluxReconcilerBuilder<R> meterRegistry(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /** Shares one metrics recorder between several reconcilers. */
  public FluxReconcilerBuilder<R> metrics(ReconcileMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** The clock for condition transition times and event rate limiting. */
  public FluxReconcilerBuilder<R> clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** How many times a status patch is tried when it conflicts (default 5). */
  public FluxReconcilerBuilder<R> statusPatchAttempts(int attempts) {
    this.statusPatchAttempts = attempts;
    return this;
  }

  /**
   * Flux's {@code --interval-jitter-percentage}: the requeue after a successful reconcile is the
   * interval changed by a random fraction within this jitter (default: none).
   */
  public FluxReconcilerBuilder<R> intervalJitter(IntervalJitter jitter) {
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    return this;
  }

  /**
   * Drops the reconciles that the Java Operator SDK runs only because an event arrived while the
   * object waited for a worker, when nothing the reconcile depends on changed since the last
   * successful reconcile started and the requeue it asked for is not due yet ({@link
   * ReconcileMemo}; controller-runtime's work queue merges such events). What a reconcile depends
   * on is the object's uid, generation, {@code reconcile.fluxcd.io/requestedAt} and finalizer, plus
   * what {@code inputs} returns; failures, retries and deletions always reconcile. Off by default:
   * a kind turns it on only when {@code inputs} covers everything its watches react to.
   */
  public FluxReconcilerBuilder<R> skipUnchanged(ReconcileInputs<R> inputs) {
    this.inputs = Objects.requireNonNull(inputs, "inputs");
    return this;
  }

  /**
   * The reconciler.
   *
   * @throws IllegalStateException when neither a client nor a patcher was given
   */
  public FluxReconciler<R> build() {
    ResourcePatcher writer = patcher;
    List<EventSink> allSinks = new ArrayList<>();
    if (client != null) {
      if (writer == null) {
        writer =
            new KubernetesResourcePatcher(
                client, KubernetesResourcePatcher.fieldManager(controllerName));
      }
      allSinks.add(new KubernetesEventSink(client, instance));
    }
    if (writer == null) {
      throw new IllegalStateException("set a client or a patcher");
    }
    allSinks.addAll(sinks);
    allSinks.addAll(ProcessEventSinks.installed());
    ReconcileMetrics recorder = metrics;
    if (recorder == null) {
      recorder = new ReconcileMetrics(registry != null ? registry : new SimpleMeterRegistry());
    }
    EventRecorder events =
        new EventRecorder(
            controllerName, allSinks, new EventRateLimiter(eventWindow, clock), clock);
    boolean skipping = !"false".equalsIgnoreCase(System.getProperty(SKIP_UNCHANGED_PROPERTY));
    return new FluxReconciler<>(
        kind,
        writer,
        events,
        recorder,
        clock,
        statusPatchAttempts,
        jitter,
        skipping ? inputs : null);
  }
}

package io.capstan.runtime.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * controller-runtime's work-queue metrics ({@code workqueue_*}, labels {@code name} and {@code
 * controller}, both the controller name as in controller-runtime) measured from the Java Operator
 * SDK's {@link Metrics} hooks. Install it on an operator with {@code o.withMetrics(new
 * WorkQueueMetrics(registry))}; {@code ControllerBuilder.Settings#newOperator} and {@code
 * ControllerGroup} do so for every Capstan controller.
 *
 * <p>The SDK has no client-go work queue, so each controller gets a modelled one per object:
 *
 * <ul>
 *   <li>an event for the object (watch event, timer of a requeue or retry) <b>adds</b> it unless it
 *       is already waiting ({@code workqueue_adds_total}, {@code workqueue_depth} + 1), as
 *       client-go de-duplicates an item already in the queue;
 *   <li>the SDK hands the object to its reconcile executor; a reconcile thread <b>takes</b> it
 *       ({@code workqueue_depth} - 1, {@code workqueue_queue_duration_seconds} observes the time
 *       since the add, so the wait for a free thread counts as queue time, as in client-go);
 *   <li>the reconcile <b>finishes</b> ({@code workqueue_work_duration_seconds} observes the
 *       reconcile, including the SDK's status/finalizer handling around it);
 *   <li>a retry after a failure is scheduled ({@code workqueue_retries_total} + 1; the other half
 *       of that series, a reconcile asking to run again after an interval, is counted by {@link
 *       ControllerRuntimeMetrics#recordReconcile}, as controller-runtime counts every add with a
 *       delay).
 * </ul>
 *
 * <p>{@code workqueue_unfinished_work_seconds} and {@code
 * workqueue_longest_running_processor_seconds} are computed when scraped (client-go refreshes them
 * every 500 ms). {@code workqueue_depth} carries {@code priority=""}: the SDK has no priorities,
 * which is how controller-runtime labels a queue without them. Thread-safe.
 */
public final class WorkQueueMetrics implements Metrics {

  /** Gauge of waiting objects ({@code workqueue_depth}). */
  public static final String DEPTH = "workqueue_depth";

  /** Counter of adds ({@code workqueue_adds_total}). */
  public static final String ADDS = "workqueue_adds";

  /** Histogram of the wait before a reconcile ({@code workqueue_queue_duration_seconds}). */
  public static final String QUEUE_DURATION = "workqueue_queue_duration";

  /** Histogram of reconcile durations ({@code workqueue_work_duration_seconds}). */
  public static final String WORK_DURATION = "workqueue_work_duration";

  /** Gauge of the work in progress ({@code workqueue_unfinished_work_seconds}). */
  public static final String UNFINISHED_WORK = "workqueue_unfinished_work_seconds";

  /** Gauge of the oldest reconcile in progress. */
  public static final String LONGEST_RUNNING = "workqueue_longest_running_processor_seconds";

  /** Counter of adds with a delay ({@code workqueue_retries_total}). */
  public static final String RETRIES = "workqueue_retries";

  private static final String GVK_KEY = "josdk.resource.gvk";
  private static final Duration[] BUCKETS = buckets();

  private final MeterRegistry registry;
  private final boolean buckets;
  private final LongSupplier nanoTime;
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();

  /** Registers the series of each controller in {@code registry} when it is registered or used. */
  public WorkQueueMetrics(MeterRegistry registry) {
    this(registry, System::nanoTime);
  }

  WorkQueueMetrics(MeterRegistry registry, LongSupplier nanoTime) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.buckets = ReconcileMetrics.publishesHistograms(registry);
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Counts one add with a delay for {@code controller} (a requeue after an interval). */
  public static void recordRetry(MeterRegistry registry, String controller) {
    retries(registry, controller).increment();
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    queue(
        ControllerRuntimeMetrics.controllerName(
            controller.getAssociatedGroupVersionKind().getKind()));
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    queue(metadata, null).added(event.getRelatedCustomResourceID(), nanoTime.getAsLong());
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    queue(metadata, resource).submitted(ResourceID.fromResource(resource), nanoTime.getAsLong());
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    queue(metadata, resource).started(ResourceID.fromResource(resource), nanoTime.getAsLong());
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    queue(metadata, resource).finished(ResourceID.fromResource(resource), nanoTime.getAsLong());
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    queue(metadata, resource).retries.increment();
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    queue(metadata, null).forget(resourceID);
  }

  private Queue queue(Map<String, Object> metadata, HasMetadata resource) {
    String kind = null;
    if (metadata != null && metadata.get(GVK_KEY) instanceof GroupVersionKind gvk) {
      kind = gvk.getKind();
    } else if (resource != null) {
      kind = resource.getKind();
    }
    return queue(kind == null ? "unknown" : ControllerRuntimeMetrics.controllerName(kind));
  }

  private Queue queue(String controller) {
    return queues.computeIfAbsent(controller, Queue::new);
  }

  private static Counter retries(MeterRegistry registry, String controller) {
    return Counter.builder(RETRIES)
        .description(
            "Total number of items added to the workqueue with a non-zero delay (rate-limited"
                + " requeues, explicit RequeueAfter or AddAfter calls)")
        .tags("name", controller, "controller", controller)
        .register(registry);
  }

  /** One controller's modelled queue. */
  private final class Queue {
    /** Objects with an event not yet handed to the executor: when they were added. */
    private final Map<ResourceID, Long> pending = new HashMap<>();

    /** Objects handed to the executor and not yet taken by a thread: when they were added. */
    private final Map<ResourceID, Long> submitted = new HashMap<>();

    /** Reconciles in progress: start time by reconcile thread (start and finish share one). */
    private final Map<Thread, Long> running = new ConcurrentHashMap<>();

    private long depth;
    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;

    Queue(String name) {
      adds =
          Counter.builder(ADDS)
              .description("Total number of adds handled by workqueue")
              .tags("name", name, "controller", name)
              .register(registry);
      retries = WorkQueueMetrics.retries(registry, name);
      queueDuration =
          Timer.builder(QUEUE_DURATION)
              .description("How long in seconds an item stays in workqueue before being requested")
              .tags("name", name, "controller", name)
              .serviceLevelObjectives(buckets ? BUCKETS : new Duration[0])
              .register(registry);
      workDuration =
          Timer.builder(WORK_DURATION)
              .description("How long in seconds processing an item from workqueue takes.")
              .tags("name", name, "controller", name)
              .serviceLevelObjectives(buckets ? BUCKETS : new Duration[0])
              .register(registry);
      gauge(
          DEPTH,
          "Current depth of workqueue by workqueue and priority",
          Tags.of("name", name, "controller", name, "priority", ""),
          Queue::depth);
      gauge(
          UNFINISHED_WORK,
          "How many seconds of work has been done that is in progress and hasn't been observed by"
              + " work_duration. Large values indicate stuck threads. One can deduce the number of"
              + " stuck threads by observing the rate at which this increases.",
          Tags.of("name", name, "controller", name),
          Queue::unfinishedSeconds);
      gauge(
          LONGEST_RUNNING,
          "How many seconds has the longest running processor for workqueue been running.",
          Tags.of("name", name, "controller", name),
          Queue::longestRunningSeconds);
    }

    /**
     * Registers a gauge reading this queue. A gauge of that name and tags left by an earlier
     * operator on the same registry (a controller started again) is removed first: Micrometer would
     * otherwise keep reading the stopped operator's queue.
     */
    private void gauge(String gauge, String help, Tags tags, ToDoubleFunction<Queue> value) {
      Gauge previous = registry.find(gauge).tags(tags).gauge();
      if (previous != null) {
        registry.remove(previous);
      }
      Gauge.builder(gauge, this, value)
          .description(help)
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }

    synchronized void added(ResourceID id, long now) {
      if (pending.putIfAbsent(id, now) == null) {
        adds.increment();
        depth++;
      }
    }

    synchronized void submitted(ResourceID id, long now) {
      Long addedAt = pending.remove(id);
      if (addedAt == null) {
        // handed over without an event seen here (e.g. events marked before this was installed)
        addedAt = now;
        adds.increment();
        depth++;
      }
      if (submitted.putIfAbsent(id, addedAt) != null) {
        depth--; // already waiting for a thread: one queue entry per object
      }
    }

    void started(ResourceID id, long now) {
      taken(id, now);
      running.put(Thread.currentThread(), now);
    }

    void finished(ResourceID id, long now) {
      Long startedAt = running.remove(Thread.currentThread());
      if (startedAt != null) {
        workDuration.record(now - startedAt, TimeUnit.NANOSECONDS);
      } else {
        // the SDK skipped the reconcile (object gone from its cache): taken without work
        taken(id, now);
      }
    }

    private synchronized void taken(ResourceID id, long now) {
      Long addedAt = submitted.remove(id);
      if (addedAt != null) {
        depth--;
        queueDuration.record(now - addedAt, TimeUnit.NANOSECONDS);
      }
    }

    synchronized void forget(ResourceID id) {
      if (pending.remove(id) != null) {
        depth--;
      }
      if (submitted.remove(id) != null) {
        depth--;
      }
    }

    synchronized double depth() {
      return depth;
    }

    double unfinishedSeconds() {
      long now = nanoTime.getAsLong();
      return running.values().stream().mapToLong(start -> now - start).sum() / 1e9;
    }

    double longestRunningSeconds() {
      long now = nanoTime.getAsLong();
      return running.values().stream().mapToLong(start -> now - start).max().orElse(0) / 1e9;
    }
  }

  /** client-go's {@code ExponentialBuckets(10e-9, 10, 12)}: 10 ns to 1000 s. */
  private static Duration[] buckets() {
    Duration[] out = new Duration[12];
    long nanos = 10;
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.ofNanos(nanos);
      nanos *= 10;
    }
    return out;
  }
}

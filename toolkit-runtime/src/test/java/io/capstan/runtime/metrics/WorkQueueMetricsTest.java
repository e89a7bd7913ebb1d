package io.capstan.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.testkind.GitRepositories;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The modelled work queue of {@link WorkQueueMetrics}, driven through the Java Operator SDK hooks
 * in the orders the SDK calls them, on a manual clock.
 */
class WorkQueueMetricsTest {

  private static final Map<String, Object> METADATA =
      Map.of(
          "josdk.resource.gvk",
          new GroupVersionKind("source.toolkit.fluxcd.io", "v1", "GitRepository"),
          "controller.name",
          "gitrepository");

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private long now;
  private final WorkQueueMetrics metrics = new WorkQueueMetrics(registry, () -> now);
  private final GitRepository a = GitRepositories.named("flux-system", "a");
  private final GitRepository b = GitRepositories.named("flux-system", "b");

  private void at(Duration time) {
    now = time.toNanos();
  }

  private void event(GitRepository resource) {
    metrics.receivedEvent(new Event(ResourceID.fromResource(resource)), METADATA);
  }

  private double gauge(String name) {
    return registry
        .get(name)
        .tag("name", "gitrepository")
        .tag("controller", "gitrepository")
        .gauge()
        .value();
  }

  private double counter(String name) {
    return registry.get(name).tag("name", "gitrepository").counter().count();
  }

  private Timer timer(String name) {
    return registry.get(name).tag("controller", "gitrepository").timer();
  }

  @Test
  @DisplayName(
      "an event for an object already waiting is no new add; queue time runs to the thread taking"
          + " it, work time to the end of the reconcile")
  void addTakeFinish() {
    at(Duration.ZERO);
    event(a);
    at(Duration.ofSeconds(1));
    event(a);
    assertThat(counter(WorkQueueMetrics.ADDS)).isEqualTo(1);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isEqualTo(1);

    at(Duration.ofSeconds(2));
    metrics.reconcileCustomResource(a, null, METADATA);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).as("waiting for a free thread").isEqualTo(1);
    at(Duration.ofSeconds(5));
    metrics.reconciliationExecutionStarted(a, METADATA);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isZero();
    assertThat(timer(WorkQueueMetrics.QUEUE_DURATION).totalTime(TimeUnit.SECONDS)).isEqualTo(5);

    at(Duration.ofSeconds(7));
    assertThat(gauge(WorkQueueMetrics.UNFINISHED_WORK)).isEqualTo(2);
    assertThat(gauge(WorkQueueMetrics.LONGEST_RUNNING)).isEqualTo(2);
    at(Duration.ofSeconds(8));
    metrics.reconciliationExecutionFinished(a, METADATA);
    assertThat(timer(WorkQueueMetrics.WORK_DURATION).totalTime(TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(gauge(WorkQueueMetrics.UNFINISHED_WORK)).isZero();
    assertThat(gauge(WorkQueueMetrics.LONGEST_RUNNING)).isZero();
  }

  @Test
  @DisplayName(
      "an event during a reconcile adds the object again, resubmitted before the running reconcile"
          + " reports its end; an execution the SDK skips leaves the queue without work")
  void eventDuringReconcileAndSkippedExecution() {
    event(a);
    metrics.reconcileCustomResource(a, null, METADATA);
    metrics.reconciliationExecutionStarted(a, METADATA);
    event(a);
    assertThat(counter(WorkQueueMetrics.ADDS)).isEqualTo(2);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isEqualTo(1);

    // the SDK resubmits inside its end-of-execution handling, then calls the finished hook
    metrics.reconcileCustomResource(a, null, METADATA);
    metrics.reconciliationExecutionFinished(a, METADATA);
    assertThat(timer(WorkQueueMetrics.WORK_DURATION).count()).isEqualTo(1);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isEqualTo(1);

    // object gone from the SDK's cache: finished without started
    metrics.reconciliationExecutionFinished(a, METADATA);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isZero();
    assertThat(timer(WorkQueueMetrics.QUEUE_DURATION).count()).isEqualTo(2);
    assertThat(timer(WorkQueueMetrics.WORK_DURATION).count()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a deleted object leaves the queue; scheduled retries and requeues after an interval are"
          + " retries; the controller name falls back to the resource's kind")
  void cleanupAndRetries() {
    event(a);
    event(b);
    metrics.cleanupDoneFor(ResourceID.fromResource(a), METADATA);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isEqualTo(1);

    metrics.failedReconciliation(b, new IllegalStateException("boom"), Map.of());
    new ControllerRuntimeMetrics(registry)
        .recordReconcile(
            "gitrepository", ControllerRuntimeMetrics.Result.REQUEUE_AFTER, Duration.ofMillis(1));
    new ControllerRuntimeMetrics(registry)
        .recordReconcile(
            "gitrepository", ControllerRuntimeMetrics.Result.SUCCESS, Duration.ofMillis(1));
    assertThat(counter(WorkQueueMetrics.RETRIES)).isEqualTo(2);
  }

  @Test
  @DisplayName("a controller started again on the same registry is read, not the stopped one")
  void restartOnSameRegistry() {
    event(a);
    event(b);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isEqualTo(2);

    WorkQueueMetrics restarted = new WorkQueueMetrics(registry, () -> now);
    restarted.receivedEvent(new Event(ResourceID.fromResource(a)), METADATA);
    assertThat(gauge(WorkQueueMetrics.DEPTH)).isEqualTo(1);
    assertThat(counter(WorkQueueMetrics.ADDS)).as("counters continue").isEqualTo(3);
  }
}

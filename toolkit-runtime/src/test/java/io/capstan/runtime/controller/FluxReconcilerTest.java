package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.events.FluxEvent;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.runtime.testkind.InMemoryObjects;
import io.capstan.runtime.testkind.MutableClock;
import io.capstan.runtime.testkind.TestContext;
import io.capstan.runtime.testkind.Widget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FluxReconcilerTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private final InMemoryObjects objects = new InMemoryObjects();
  private final List<FluxEvent> events = new ArrayList<>();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WidgetReconciler kind = new WidgetReconciler();
  private FluxReconciler<Widget> reconciler;

  @BeforeEach
  void setUp() {
    reconciler =
        FluxReconciler.builder(kind)
            .controllerName("widget-controller")
            .patcher(objects)
            .eventSink(events::add)
            .meterRegistry(registry)
            .clock(clock)
            .build();
    objects.store(Widget.named("podinfo"));
  }

  /** What the SDK would hand the reconciler: a fresh copy of the stored object. */
  private Widget current() {
    return JSON.convertValue(objects.stored(Widget.named("podinfo")), Widget.class);
  }

  private UpdateControl<Widget> reconcile() {
    return reconciler.reconcile(current(), TestContext.live());
  }

  private JsonNode condition(String type) {
    for (JsonNode c : objects.stored(Widget.named("podinfo")).path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    return null;
  }

  private String ready() {
    JsonNode c = condition("Ready");
    return c.path("status").asText()
        + "/"
        + c.path("reason").asText()
        + "/"
        + c.path("message").asText();
  }

  private JsonNode status() {
    return objects.stored(Widget.named("podinfo")).path("status");
  }

  @Test
  @DisplayName("first reconcile: finalizer added, status patched once, Ready=True, requeue")
  void firstReconcile() {
    UpdateControl<Widget> control = reconcile();

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(1).toMillis());
    assertThat(objects.stored(Widget.named("podinfo")).at("/metadata/finalizers/0").asText())
        .isEqualTo("finalizers.fluxcd.io");
    assertThat(objects.statusWrites()).hasSize(1);
    assertThat(ready()).isEqualTo("True/Succeeded/stored artifact for revision 'r1'");
    assertThat(status().path("observedGeneration").asLong()).isEqualTo(1);
    assertThat(status().path("revision").asText()).isEqualTo("r1");
    assertThat(condition("Reconciling")).isNull();
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.NORMAL);
              assertThat(e.reason()).isEqualTo("Succeeded");
              assertThat(e.metadata()).containsEntry("test.capstan.io/revision", "r1");
            });
    assertThat(registry.scrape())
        .contains(
            "gotk_reconcile_condition{kind=\"Widget\",name=\"podinfo\","
                + "namespace=\"flux-system\",status=\"True\",type=\"Ready\"} 1")
        .contains(
            "gotk_suspend_status{kind=\"Widget\",name=\"podinfo\","
                + "namespace=\"flux-system\"} 0")
        .contains(
            "gotk_reconcile_duration_seconds_count{kind=\"Widget\",name=\"podinfo\","
                + "namespace=\"flux-system\"} 1");
  }

  @Test
  @DisplayName("nothing changed: no write at all and no new event")
  void noChange() {
    reconcile();
    int writes = objects.writes().size();
    clock.advance(Duration.ofMinutes(10));

    reconcile();

    assertThat(objects.writes()).hasSize(writes);
    assertThat(events).hasSize(1);
  }

  @Test
  @DisplayName("a new revision changes Ready's message and records a new event")
  void newRevision() {
    reconcile();
    kind.fetch = WidgetReconciler.fetched("r2");

    reconcile();

    assertThat(ready()).isEqualTo("True/Succeeded/stored artifact for revision 'r2'");
    assertThat(events).hasSize(2);
    assertThat(events.get(1).metadata()).containsEntry("test.capstan.io/revision", "r2");
  }

  @Test
  @DisplayName("stalling error: Stalled=True, Ready=False, no requeue, no exception")
  void stalling() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Stalling("InvalidURL", "url 'htp://x' is not supported");
        };

    UpdateControl<Widget> control = reconcile();

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(condition("Stalled").path("reason").asText()).isEqualTo("InvalidURL");
    assertThat(condition("Reconciling")).isNull();
    assertThat(ready()).isEqualTo("False/InvalidURL/url 'htp://x' is not supported");
    assertThat(status().path("observedGeneration").asLong()).isEqualTo(1);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(EventType.WARNING);
              assertThat(e.reason()).isEqualTo("InvalidURL");
            });
  }

  @Test
  @DisplayName(
      "generic error: status patched, error rethrown for backoff, each repeat handed to the sinks")
  void genericError() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Generic("GitOperationFailed", "timeout")
              .withCondition("FetchFailed");
        };

    assertThatThrownBy(this::reconcile).isInstanceOf(ReconcileError.Generic.class);
    int writes = objects.writes().size();
    assertThatThrownBy(this::reconcile).isInstanceOf(ReconcileError.Generic.class);

    assertThat(condition("FetchFailed").path("status").asText()).isEqualTo("True");
    assertThat(ready()).isEqualTo("False/GitOperationFailed/timeout");
    assertThat(condition("Reconciling").path("reason").asText()).isEqualTo("ProgressingWithRetry");
    assertThat(status().has("observedGeneration")).isFalse();
    assertThat(objects.writes()).hasSize(writes);
    // No recorder window by default (as Flux): the Kubernetes sink counts repeats on one Event.
    assertThat(events).hasSize(2);
    assertThat(registry.scrape())
        .contains(
            "gotk_reconcile_condition{kind=\"Widget\",name=\"podinfo\","
                + "namespace=\"flux-system\",status=\"False\",type=\"Ready\"} 1");
  }

  @Test
  @DisplayName(
      "controller-runtime's reconcile metrics: error, then requeue_after, durations by controller")
  void controllerRuntimeMetrics() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Generic("GitOperationFailed", "timeout")
              .withCondition("FetchFailed");
        };
    assertThatThrownBy(this::reconcile).isInstanceOf(ReconcileError.class);
    kind.fetch = WidgetReconciler.fetched("r1");
    assertThat(reconcile().getScheduleDelay()).isPresent();

    assertThat(registry.scrape())
        .contains(
            "controller_runtime_reconcile_total{controller=\"widget\",result=\"error\"} 1",
            "controller_runtime_reconcile_total{controller=\"widget\",result=\"requeue_after\"} 1",
            "controller_runtime_reconcile_errors_total{controller=\"widget\"} 1",
            "controller_runtime_reconcile_time_seconds_bucket{controller=\"widget\",le=\"60.0\"} 2",
            "controller_runtime_reconcile_time_seconds_count{controller=\"widget\"} 2")
        .doesNotContain("result=\"success\"");
  }

  @Test
  @DisplayName("recovering from a failure removes the failure condition and records success")
  void recovery() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Generic("GitOperationFailed", "timeout")
              .withCondition("FetchFailed");
        };
    assertThatThrownBy(this::reconcile).isInstanceOf(ReconcileError.class);
    kind.fetch = WidgetReconciler.fetched("r1");

    reconcile();

    assertThat(condition("FetchFailed")).isNull();
    assertThat(condition("Reconciling")).isNull();
    assertThat(ready()).startsWith("True/");
    assertThat(events)
        .extracting(FluxEvent::type)
        .containsExactly(EventType.WARNING, EventType.NORMAL);
  }

  @Test
  @DisplayName("waiting error: requeue after its delay, Ready=False DependencyNotReady")
  void waiting() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Waiting(
              "DependencyNotReady",
              "dependency 'flux-system/infra' is not ready",
              Duration.ofSeconds(30));
        };

    UpdateControl<Widget> control = reconcile();

    assertThat(control.getScheduleDelay()).contains(30_000L);
    assertThat(ready()).startsWith("False/DependencyNotReady/");
  }

  @Test
  @DisplayName("interval jitter: success requeues spread within ±p of the interval, retries exact")
  void intervalJitter() {
    reconciler =
        FluxReconciler.builder(kind)
            .controllerName("widget-controller")
            .patcher(objects)
            .eventSink(events::add)
            .meterRegistry(registry)
            .clock(clock)
            .intervalJitter(
                io.capstan.runtime.reconcile.IntervalJitter.percentage(20, new java.util.Random(7)))
            .build();
    java.util.Set<Long> delays = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      long delay = reconcile().getScheduleDelay().orElseThrow();
      assertThat(delay).isBetween(48_000L, 72_000L);
      delays.add(delay);
    }
    assertThat(delays).hasSizeGreaterThan(15);

    kind.fetch =
        context -> {
          throw new ReconcileError.Waiting("DependencyNotReady", "dependency not ready");
        };
    kind.retryInterval = Duration.ofSeconds(7);
    assertThat(reconcile().getScheduleDelay()).contains(7_000L);
  }

  @Test
  @DisplayName("waiting error without a delay: requeue after the kind's retry interval")
  void waitingRetriesAtRetryInterval() {
    kind.fetch =
        context -> {
          throw new ReconcileError.Waiting("DependencyNotReady", "dependency not ready");
        };

    assertThat(reconcile().getScheduleDelay()).contains(Duration.ofMinutes(1).toMillis());

    kind.retryInterval = Duration.ofSeconds(7);
    assertThat(reconcile().getScheduleDelay()).contains(7_000L);
    assertThat(ready()).startsWith("False/DependencyNotReady/");
  }

  @Test
  @DisplayName("a new generation in progress: Reconciling=True, Ready=Unknown, quick requeue")
  void inProgress() {
    reconcile();
    Widget changed = current();
    changed.getMetadata().setGeneration(2L);
    objects.store(changed);
    kind.fetch = context -> StepResult.requeueAfter(Duration.ofSeconds(5));

    UpdateControl<Widget> control = reconcile();

    assertThat(control.getScheduleDelay()).contains(5_000L);
    assertThat(condition("Reconciling").path("message").asText())
        .isEqualTo("processing object: new generation 1 -> 2");
    assertThat(ready()).startsWith("Unknown/Progressing/");
    assertThat(status().path("observedGeneration").asLong()).isEqualTo(1);
  }

  @Test
  @DisplayName("suspended: no status write, suspend gauge 1, no requeue")
  void suspended() {
    reconcile();
    Widget w = current();
    w.getSpec().setSuspend(true);
    objects.store(w);
    int writes = objects.writes().size();

    UpdateControl<Widget> control = reconcile();

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(objects.writes()).hasSize(writes);
    assertThat(registry.scrape())
        .contains(
            "gotk_suspend_status{kind=\"Widget\",name=\"podinfo\","
                + "namespace=\"flux-system\"} 1");
  }

  @Test
  @DisplayName("the requestedAt annotation is echoed to status.lastHandledReconcileAt")
  void requestedAt() {
    Widget w = current();
    w.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "now-1"));
    objects.store(w);

    reconcile();

    assertThat(status().path("lastHandledReconcileAt").asText()).isEqualTo("now-1");
  }

  @Test
  @DisplayName("secret values registered by a step never reach conditions or events")
  void secretsMasked() {
    kind.fetch =
        context -> {
          context.redact("s3cr3t");
          throw new ReconcileError.Generic("AuthenticationFailed", "login with s3cr3t refused");
        };

    assertThatThrownBy(this::reconcile).isInstanceOf(ReconcileError.class);

    assertThat(ready()).isEqualTo("False/AuthenticationFailed/login with *** refused");
    assertThat(events.get(0).message()).isEqualTo("login with *** refused");
  }

  @Test
  @DisplayName("deletion: cleanup runs, then the finalizer is removed and metrics forgotten")
  void deletion() {
    reconcile();
    Widget deleting = current();
    deleting.getMetadata().setDeletionTimestamp("2025-01-01T01:00:00Z");
    objects.store(deleting);

    reconciler.reconcile(current(), TestContext.live());

    assertThat(kind.cleanedUp).containsExactly("podinfo");
    assertThat(
            objects.stored(Widget.named("podinfo")).at("/metadata/finalizers").isMissingNode()
                || objects.stored(Widget.named("podinfo")).at("/metadata/finalizers").isEmpty())
        .isTrue();
    assertThat(registry.scrape()).doesNotContain("name=\"podinfo\"");
  }

  @Test
  @DisplayName("a failed cleanup keeps the finalizer, records a warning and retries")
  void cleanupFailure() {
    reconcile();
    Widget deleting = current();
    deleting.getMetadata().setDeletionTimestamp("2025-01-01T01:00:00Z");
    objects.store(deleting);
    kind.cleanupFailure = new IllegalStateException("storage busy");

    assertThatThrownBy(() -> reconciler.reconcile(current(), TestContext.live()))
        .isInstanceOf(ReconcileError.class);

    assertThat(objects.stored(Widget.named("podinfo")).at("/metadata/finalizers/0").asText())
        .isEqualTo("finalizers.fluxcd.io");
    assertThat(events.get(events.size() - 1).type()).isEqualTo(EventType.WARNING);
  }

  @Test
  @DisplayName(
      "an ignoring cleanup error (e.g. a termination wait that timed out) records a warning"
          + " and still removes the finalizer")
  void ignoredCleanupFailure() {
    reconcile();
    Widget deleting = current();
    deleting.getMetadata().setDeletionTimestamp("2025-01-01T01:00:00Z");
    objects.store(deleting);
    kind.cleanupFailure =
        new ReconcileError.Generic("PruneFailed", "failed to wait for resources termination")
            .ignoring();

    reconciler.reconcile(current(), TestContext.live());

    assertThat(objects.stored(Widget.named("podinfo")).at("/metadata/finalizers/0").isMissingNode())
        .isTrue();
    FluxEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(EventType.WARNING);
    assertThat(last.reason()).isEqualTo("PruneFailed");
    assertThat(registry.scrape()).doesNotContain("name=\"podinfo\"");
  }

  @Test
  @DisplayName("the deleted-object event forgets the object's metrics without writing")
  void deletedEvent() {
    reconcile();
    int writes = objects.writes().size();

    reconciler.reconcile(current(), TestContext.deleted());

    assertThat(objects.writes()).hasSize(writes);
    assertThat(registry.scrape()).doesNotContain("name=\"podinfo\"");
  }

  @Test
  @DisplayName("an invalid interval stalls the object without running the steps")
  void invalidInterval() {
    Widget w = current();
    w.getSpec().setInterval("every day");
    objects.store(w);
    kind.fetch =
        context -> {
          throw new AssertionError("steps must not run");
        };

    UpdateControl<Widget> control = reconcile();

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(condition("Stalled").path("reason").asText()).isEqualTo("InvalidSpec");
    assertThat(ready()).startsWith("False/InvalidSpec/invalid interval: ");
  }

  @Test
  @DisplayName(
      "patchStatus() writes the in-progress status mid-reconcile (secrets masked); the final"
          + " patch then removes what the step cleared")
  void patchStatusMidReconcile() {
    reconcile();
    int before = objects.statusWrites().size();
    List<String> seen = new ArrayList<>();
    kind.fetch =
        context -> {
          context.redact("s3cr3t");
          context.conditions().markReconciling("Progressing", "Running 'install' with s3cr3t");
          context.patchStatus();
          seen.add(condition("Reconciling").path("message").asText());
          context.patchStatus(); // unchanged: no second write
          context.conditions().delete("Reconciling");
          return WidgetReconciler.fetched("r2").run(context);
        };

    reconcile();

    assertThat(seen).containsExactly("Running 'install' with ***");
    assertThat(objects.statusWrites()).hasSize(before + 2);
    assertThat(condition("Reconciling")).isNull();
    assertThat(ready()).isEqualTo("True/Succeeded/stored artifact for revision 'r2'");
  }
}

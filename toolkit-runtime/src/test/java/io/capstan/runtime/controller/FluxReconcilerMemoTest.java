package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.meta.Annotations;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.testkind.InMemoryObjects;
import io.capstan.runtime.testkind.TestContext;
import io.capstan.runtime.testkind.Widget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link FluxReconcilerBuilder#skipUnchanged}: which reconciles {@link ReconcileMemo} drops and,
 * above all, which it never drops. The SDK's part (why such reconciles happen) is shown against a
 * real API server in {@link RedundantReconcileApiServerTest}.
 */
class FluxReconcilerMemoTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final InMemoryObjects objects = new InMemoryObjects();
  private final WidgetReconciler kind = new WidgetReconciler();
  private final AtomicInteger runs = new AtomicInteger();

  /** The kind's own input, e.g. the artifact of a watched source; empty: always reconcile. */
  private final AtomicReference<Optional<String>> input =
      new AtomicReference<>(Optional.of("source@r1"));

  private FluxReconciler<Widget> reconciler;

  @BeforeEach
  void setUp() {
    reconciler =
        FluxReconciler.builder(kind)
            .controllerName("widget-controller")
            .patcher(objects)
            .skipUnchanged(w -> input.get())
            .build();
    kind.fetch = counting(WidgetReconciler.fetched("r1"));
    objects.store(Widget.named("podinfo"));
  }

  private WidgetReconciler.Fetch counting(WidgetReconciler.Fetch fetch) {
    return context -> {
      runs.incrementAndGet();
      return fetch.run(context);
    };
  }

  private Widget current() {
    return JSON.convertValue(objects.stored(Widget.named("podinfo")), Widget.class);
  }

  private void change(Consumer<Widget> change) {
    Widget w = current();
    change.accept(w);
    objects.store(w);
  }

  private UpdateControl<Widget> reconcile() {
    return reconcile(TestContext.live());
  }

  private UpdateControl<Widget> reconcile(Context<Widget> context) {
    return reconciler.reconcile(current(), context);
  }

  @Test
  @DisplayName("unchanged inputs, requeue not due: skipped, the rest of the requeue rescheduled")
  void skipsUnchanged() {
    reconcile(); // adds the finalizer: its own write, remembered as seen
    assertThat(runs).hasValue(1);

    UpdateControl<Widget> control = reconcile();

    assertThat(runs).hasValue(1);
    assertThat(reconciler.skippedReconciles()).isEqualTo(1);
    assertThat(control.getScheduleDelay()).isPresent();
    assertThat(control.getScheduleDelay().get())
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMinutes(1).toMillis());
  }

  @Test
  @DisplayName("a new generation, requestedAt, uid or kind input is never skipped")
  void realChangesRun() {
    reconcile();
    reconcile();
    int before = runs.get();

    change(w -> w.getMetadata().setGeneration(2L));
    reconcile();
    assertThat(runs).as("new generation").hasValue(before + 1);

    change(w -> w.getMetadata().setAnnotations(Map.of(Annotations.RECONCILE_REQUESTED_AT, "now")));
    reconcile();
    assertThat(runs).as("requestedAt").hasValue(before + 2);

    input.set(Optional.of("source@r2"));
    reconcile();
    assertThat(runs).as("new source artifact").hasValue(before + 3);

    change(w -> w.getMetadata().setFinalizers(null));
    reconcile();
    assertThat(runs).as("finalizer removed by someone else").hasValue(before + 4);

    change(w -> w.getMetadata().setUid("recreated"));
    reconcile();
    assertThat(runs).as("recreated object").hasValue(before + 5);

    reconcile();
    assertThat(runs).as("then nothing changed").hasValue(before + 5);
    assertThat(reconciler.skippedReconciles()).isEqualTo(2);
  }

  @Test
  @DisplayName("a kind that cannot state its inputs (e.g. dependsOn) always reconciles")
  void emptyInputsAlwaysRun() {
    input.set(Optional.empty());
    for (int i = 0; i < 4; i++) {
      reconcile();
    }
    assertThat(runs).hasValue(4);
    assertThat(reconciler.skippedReconciles()).isZero();
  }

  @Test
  @DisplayName("a due requeue runs even when nothing changed")
  void dueRequeueRuns() throws InterruptedException {
    change(w -> w.getSpec().setInterval("50ms"));
    reconcile();
    reconcile();
    int before = runs.get();
    Thread.sleep(120);

    reconcile();

    assertThat(runs).hasValue(before + 1);
  }

  @Test
  @DisplayName("a failure, a waiting error and a retry are forgotten: the next reconcile runs")
  void failuresAreForgotten() {
    reconcile();
    reconcile();
    int before = runs.get();

    kind.fetch =
        counting(
            context -> {
              throw new ReconcileError.Generic("GitOperationFailed", "boom");
            });
    change(w -> w.getMetadata().setGeneration(2L));
    assertThatThrownBy(this::reconcile).isInstanceOf(ReconcileError.class);
    assertThatThrownBy(() -> reconcile(TestContext.retrying())).isInstanceOf(ReconcileError.class);
    assertThat(runs).hasValue(before + 2);

    kind.fetch =
        counting(
            context -> {
              throw new ReconcileError.Waiting("DependencyNotReady", "not yet");
            });
    reconcile(TestContext.retrying());
    reconcile();
    assertThat(runs).as("waiting is not a success").hasValue(before + 4);

    kind.fetch = counting(WidgetReconciler.fetched("r1"));
    reconcile();
    reconcile();
    assertThat(runs).as("recovered, then remembered").hasValue(before + 5);
    assertThat(reconciler.skippedReconciles()).isEqualTo(2);
  }

  @Test
  @DisplayName("without skipUnchanged every reconcile runs")
  void offByDefault() {
    FluxReconciler<Widget> plain =
        FluxReconciler.builder(kind).controllerName("widget-controller").patcher(objects).build();
    for (int i = 0; i < 3; i++) {
      plain.reconcile(current(), TestContext.live());
    }
    assertThat(runs).hasValue(3);
    assertThat(plain.skippedReconciles()).isZero();
  }
}

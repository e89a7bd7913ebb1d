package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.testkind.Widget;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReconcileTriggersTest {

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of(
            "new generation", (Consumer<Widget>) w -> w.getMetadata().setGeneration(2L), true),
        Arguments.of(
            "requestedAt set",
            (Consumer<Widget>)
                w ->
                    w.getMetadata()
                        .setAnnotations(
                            Map.of("reconcile.fluxcd.io/requestedAt", "2025-01-01T00:00:00Z")),
            true),
        Arguments.of(
            "deletion started",
            (Consumer<Widget>) w -> w.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z"),
            true),
        Arguments.of(
            "finalizer removed by someone",
            (Consumer<Widget>) w -> w.getMetadata().setFinalizers(List.of()),
            true),
        Arguments.of("status only", (Consumer<Widget>) w -> w.getStatus().setRevision("b"), false),
        Arguments.of(
            "resourceVersion only",
            (Consumer<Widget>) w -> w.getMetadata().setResourceVersion("99"),
            false),
        Arguments.of(
            "other annotation",
            (Consumer<Widget>) w -> w.getMetadata().setAnnotations(Map.of("a", "b")),
            false),
        Arguments.of(
            "label", (Consumer<Widget>) w -> w.getMetadata().setLabels(Map.of("a", "b")), false));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("updates")
  @DisplayName("only spec changes, reconcile requests, deletion and finalizer loss trigger")
  void onUpdate(String name, Consumer<Widget> change, boolean triggers) {
    Widget before = Widget.named("podinfo");
    before.setStatus(new io.capstan.runtime.testkind.WidgetStatus());
    before.getMetadata().setFinalizers(List.of(Finalizers.FLUX));
    Widget after = Widget.named("podinfo");
    after.setStatus(new io.capstan.runtime.testkind.WidgetStatus());
    after.getMetadata().setFinalizers(List.of(Finalizers.FLUX));

    change.accept(after);

    assertThat(ReconcileTriggers.onUpdate(before, after)).isEqualTo(triggers);
  }
}

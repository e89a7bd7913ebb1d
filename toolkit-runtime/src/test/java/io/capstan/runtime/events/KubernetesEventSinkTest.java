package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.testkind.Widget;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesEventSinkTest {

  private FluxEvent event(EventType type, String message) {
    return new FluxEvent(
        EventRecorder.referenceTo(Widget.named("podinfo")),
        type,
        "ReconciliationSucceeded",
        message,
        Map.of("test.capstan.io/revision", "main@sha1:abc"),
        Instant.parse("2025-01-01T00:00:01.000000016Z"),
        "kustomize-controller");
  }

  @Test
  @DisplayName("maps a Flux event to a core/v1 Event as client-go's recorder writes it")
  void maps() {
    Event e = KubernetesEventSink.toKubernetesEvent(event(EventType.NORMAL, "Applied"), "pod-1");

    long epochNanos = Instant.parse("2025-01-01T00:00:01Z").getEpochSecond() * 1_000_000_000L + 16;
    assertThat(e.getMetadata().getName()).isEqualTo("podinfo." + Long.toHexString(epochNanos));
    assertThat(e.getMetadata().getNamespace()).isEqualTo("flux-system");
    assertThat(e.getMetadata().getAnnotations())
        .containsEntry("test.capstan.io/revision", "main@sha1:abc");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Widget");
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("test.capstan.io/v1");
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getReason()).isEqualTo("ReconciliationSucceeded");
    assertThat(e.getMessage()).isEqualTo("Applied");
    assertThat(e.getSource().getComponent()).isEqualTo("kustomize-controller");
    assertThat(e.getReportingComponent()).isEqualTo("kustomize-controller");
    assertThat(e.getReportingInstance()).isEqualTo("pod-1");
    assertThat(e.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:01Z");
    assertThat(e.getCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("trace events become Normal events, warnings stay Warning")
  void types() {
    assertThat(KubernetesEventSink.toKubernetesEvent(event(EventType.TRACE, "m"), "p").getType())
        .isEqualTo("Normal");
    assertThat(KubernetesEventSink.toKubernetesEvent(event(EventType.WARNING, "m"), "p").getType())
        .isEqualTo("Warning");
  }

  @Test
  @DisplayName("long messages are cut to 1024 characters")
  void truncates() {
    Event e = KubernetesEventSink.toKubernetesEvent(event(EventType.NORMAL, "x".repeat(5000)), "p");
    assertThat(e.getMessage()).hasSize(1024).endsWith("...");
  }
}

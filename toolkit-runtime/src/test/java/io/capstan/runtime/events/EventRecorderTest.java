package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.testkind.MutableClock;
import io.capstan.runtime.testkind.Widget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
  private final List<FluxEvent> received = new ArrayList<>();
  private final Widget widget = Widget.named("podinfo");

  private EventRecorder recorder(EventSink... extra) {
    List<EventSink> sinks = new ArrayList<>(List.of(extra));
    sinks.add(received::add);
    return new EventRecorder(
        "source-controller", sinks, new EventRateLimiter(Duration.ofMinutes(5), clock), clock);
  }

  @Test
  @DisplayName("metadata keys get the object's API group as prefix, as Flux's revision annotation")
  void qualifiesMetadata() {
    recorder()
        .record(
            widget,
            EventType.NORMAL,
            "NewArtifact",
            "stored artifact",
            Map.of("revision", "main@sha1:abc", "other.io/key", "v"),
            List.of());

    assertThat(received).hasSize(1);
    assertThat(received.get(0).metadata())
        .containsEntry("test.capstan.io/revision", "main@sha1:abc")
        .containsEntry("other.io/key", "v");
    assertThat(received.get(0).involvedObject().getKind()).isEqualTo("Widget");
    assertThat(received.get(0).involvedObject().getUid()).isEqualTo("uid-podinfo");
    assertThat(received.get(0).reportingController()).isEqualTo("source-controller");
  }

  @Test
  @DisplayName("messages are scrubbed of secrets before any sink sees them")
  void redacts() {
    recorder()
        .record(
            widget,
            EventType.WARNING,
            "GitOperationFailed",
            "clone https://me:pw@git.example.com failed with key K3Y",
            Map.of(),
            List.of("K3Y"));

    assertThat(received.get(0).message())
        .isEqualTo("clone https://***@git.example.com failed with key ***");
  }

  @Test
  @DisplayName("identical events within the window reach the sinks once")
  void rateLimited() {
    EventRecorder recorder = recorder();

    assertThat(recorder.record(widget, EventType.WARNING, "Failed", "boom")).isTrue();
    assertThat(recorder.record(widget, EventType.WARNING, "Failed", "boom")).isFalse();

    assertThat(received).hasSize(1);
  }

  @Test
  @DisplayName("a failing sink does not stop the others and does not throw")
  void sinkFailure() {
    EventSink broken =
        e -> {
          throw new IllegalStateException("api down");
        };

    boolean recorded = recorder(broken).record(widget, EventType.NORMAL, "Succeeded", "ok");

    assertThat(recorded).isTrue();
    assertThat(received).hasSize(1);
  }
}

package io.capstan.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.events.EventCorrelator.Action;
import io.capstan.runtime.events.EventCorrelator.Correlation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** client-go's counting, aggregation and spam filter, as {@link EventCorrelator} applies them. */
class EventCorrelatorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final EventCorrelator correlator = new EventCorrelator();

  private static Event event(String object, String reason, String message, Instant at) {
    FluxEvent flux =
        new FluxEvent(
            new ObjectReferenceBuilder()
                .withApiVersion("kustomize.toolkit.fluxcd.io/v1")
                .withKind("Kustomization")
                .withName(object)
                .withNamespace("apps")
                .withUid("uid-" + object)
                .build(),
            EventType.NORMAL,
            reason,
            message,
            Map.of(),
            at,
            "kustomize-controller");
    return KubernetesEventSink.toKubernetesEvent(flux, "kustomize-controller-0");
  }

  private Correlation write(String object, String reason, String message, Instant at) {
    Correlation c = correlator.correlate(event(object, reason, message, at), at);
    if (c.action() != Action.SKIP) {
      correlator.observed(c.key(), c.event());
    }
    return c;
  }

  @Test
  @DisplayName(
      "an identical event updates the first one: count + 1, lastTimestamp moves, name and firstTimestamp stay")
  void countsRepeats() {
    Correlation first = write("app", "Progressing", "Deployment/apps/web configured", T0);
    Correlation second =
        write("app", "Progressing", "Deployment/apps/web configured", T0.plusSeconds(90));
    Correlation third =
        write("app", "Progressing", "Deployment/apps/web configured", T0.plusSeconds(200));

    assertThat(first.action()).isEqualTo(Action.CREATE);
    assertThat(first.event().getCount()).isEqualTo(1);
    assertThat(second.action()).isEqualTo(Action.UPDATE);
    assertThat(third.action()).isEqualTo(Action.UPDATE);
    assertThat(third.event().getMetadata().getName())
        .isEqualTo(first.event().getMetadata().getName());
    assertThat(third.event().getCount()).isEqualTo(3);
    assertThat(third.event().getFirstTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(third.event().getLastTimestamp()).isEqualTo("2025-01-01T00:03:20Z");
  }

  @Test
  @DisplayName("different messages, reasons or objects are separate events")
  void distinctEvents() {
    assertThat(write("app", "Progressing", "a", T0).action()).isEqualTo(Action.CREATE);
    assertThat(write("app", "Progressing", "b", T0).action()).isEqualTo(Action.CREATE);
    assertThat(write("app", "ReconciliationSucceeded", "a", T0).action()).isEqualTo(Action.CREATE);
    assertThat(write("other", "Progressing", "a", T0).action()).isEqualTo(Action.CREATE);
  }

  @Test
  @DisplayName(
      "the tenth distinct message with one reason within ten minutes starts an aggregated event")
  void aggregatesSimilarEvents() {
    for (int i = 1; i <= 9; i++) {
      assertThat(write("app", "BuildFailed", "error " + i, T0.plusSeconds(i)).action())
          .isEqualTo(Action.CREATE);
    }
    Correlation tenth = write("app", "BuildFailed", "error 10", T0.plusSeconds(10));
    Correlation eleventh = write("app", "BuildFailed", "error 11", T0.plusSeconds(11));

    assertThat(tenth.action()).isEqualTo(Action.CREATE);
    assertThat(tenth.event().getMessage()).isEqualTo("(combined from similar events): error 10");
    assertThat(eleventh.action()).isEqualTo(Action.UPDATE);
    assertThat(eleventh.event().getMetadata().getName())
        .isEqualTo(tenth.event().getMetadata().getName());
    assertThat(eleventh.event().getCount()).isEqualTo(2);
    assertThat(eleventh.event().getMessage()).isEqualTo("(combined from similar events): error 11");
  }

  @Test
  @DisplayName("similar events further apart than ten minutes are not aggregated")
  void aggregationWindow() {
    for (int i = 1; i <= 20; i++) {
      Correlation c =
          write("app", "BuildFailed", "error " + i, T0.plus(Duration.ofMinutes(11L * i)));
      assertThat(c.event().getMessage()).isEqualTo("error " + i);
    }
  }

  @Test
  @DisplayName("a source may write 25 events about an object at once, then one per five minutes")
  void spamFilter() {
    for (int i = 1; i <= 25; i++) {
      assertThat(write("app", "R" + i, "m", T0).action()).isNotEqualTo(Action.SKIP);
    }
    assertThat(write("app", "R26", "m", T0).action()).isEqualTo(Action.SKIP);
    assertThat(write("other", "R1", "m", T0).action()).isEqualTo(Action.CREATE);
    assertThat(write("app", "R27", "m", T0.plusSeconds(299)).action()).isEqualTo(Action.SKIP);
    assertThat(write("app", "R28", "m", T0.plusSeconds(301)).action()).isEqualTo(Action.CREATE);
    assertThat(write("app", "R29", "m", T0.plusSeconds(302)).action()).isEqualTo(Action.SKIP);
  }

  @Test
  @DisplayName(
      "after the stored Event is observed under a server-completed name, updates use that name")
  void observedName() {
    Correlation first = correlator.correlate(event("app", "R", "m", T0), T0);
    Event stored = first.event();
    stored.getMetadata().setName("app.abc.xyz12");
    correlator.observed(first.key(), stored);

    Correlation second = correlator.correlate(event("app", "R", "m", T0.plusSeconds(5)), T0);

    assertThat(second.event().getMetadata().getName()).isEqualTo("app.abc.xyz12");
  }
}

package io.capstan.runtime.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.events.EventType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReconcileErrorTest {

  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of(
            new ReconcileError.Stalling("R", "m"), ReconcileError.Kind.STALLING, EventType.WARNING),
        Arguments.of(
            new ReconcileError.Waiting("R", "m"), ReconcileError.Kind.WAITING, EventType.NORMAL),
        Arguments.of(
            new ReconcileError.Generic("R", "m"), ReconcileError.Kind.GENERIC, EventType.WARNING));
  }

  @ParameterizedTest(name = "{1} records {2}")
  @MethodSource("defaults")
  @DisplayName("each error type has Flux's default event type and its own kind")
  void defaults(ReconcileError error, ReconcileError.Kind kind, EventType event) {
    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.event()).contains(event);
  }

  @Test
  @DisplayName("events can be switched off or changed per error")
  void eventConfig() {
    assertThat(new ReconcileError.Stalling("R", "m").withoutEvent().event()).isEmpty();
    assertThat(new ReconcileError.Waiting("R", "m").withoutEvent().event()).isEmpty();
    assertThat(new ReconcileError.Generic("R", "m").withEvent(EventType.TRACE).event())
        .contains(EventType.TRACE);
  }

  @Test
  @DisplayName("a generic error can name the condition it fails and be a no-op")
  void genericOptions() {
    var error = new ReconcileError.Generic("AuthFailed", "denied").withCondition("FetchFailed");
    assertThat(error.condition()).contains("FetchFailed");
    assertThat(error.ignored()).isFalse();
    assertThat(error.ignoring().ignored()).isTrue();
  }

  @Test
  @DisplayName("from() keeps reconcile errors and wraps anything else")
  void from() {
    var stalling = new ReconcileError.Stalling("R", "m");
    assertThat(ReconcileError.from(stalling)).isSameAs(stalling);
    assertThat(ReconcileError.from(new NullPointerException()).getMessage())
        .isEqualTo("NullPointerException");
  }
}

package io.capstan.runtime.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StepResultTest {

  private static final StepResult SOON = StepResult.requeueAfter(Duration.ofSeconds(5));
  private static final StepResult LATER = StepResult.requeueAfter(Duration.ofSeconds(30));

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(StepResult.EMPTY, StepResult.EMPTY, StepResult.EMPTY),
        Arguments.of(StepResult.EMPTY, StepResult.SUCCESS, StepResult.SUCCESS),
        Arguments.of(StepResult.SUCCESS, StepResult.EMPTY, StepResult.SUCCESS),
        Arguments.of(StepResult.SUCCESS, SOON, SOON),
        Arguments.of(SOON, StepResult.SUCCESS, SOON),
        Arguments.of(LATER, SOON, SOON),
        Arguments.of(SOON, LATER, SOON),
        Arguments.of(StepResult.EMPTY, LATER, LATER));
  }

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @MethodSource("pairs")
  @DisplayName("combining results keeps the one that requeues soonest")
  void lowestRequeuing(StepResult a, StepResult b, StepResult expected) {
    assertThat(a.lowestRequeuing(b)).isEqualTo(expected);
  }

  @Test
  @DisplayName("a negative requeue delay is rejected")
  void negativeDelay() {
    assertThatThrownBy(() -> StepResult.requeueAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

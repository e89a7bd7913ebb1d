package io.capstan.runtime.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequeuePolicyTest {

  private static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final Duration RETRY = Duration.ofMinutes(2);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("success", StepResult.SUCCESS, null, RequeueDecision.after(INTERVAL)),
        Arguments.of("empty", StepResult.EMPTY, null, RequeueDecision.none()),
        Arguments.of(
            "in progress",
            StepResult.requeueAfter(Duration.ofSeconds(3)),
            null,
            RequeueDecision.after(Duration.ofSeconds(3))),
        Arguments.of(
            "stalling",
            StepResult.EMPTY,
            new ReconcileError.Stalling("InvalidURL", "bad"),
            RequeueDecision.none()),
        Arguments.of(
            "stalling ignores a success result",
            StepResult.SUCCESS,
            new ReconcileError.Stalling("InvalidURL", "bad"),
            RequeueDecision.none()),
        Arguments.of(
            "waiting without delay: the retry interval",
            StepResult.EMPTY,
            new ReconcileError.Waiting("DependencyNotReady", "dep"),
            RequeueDecision.after(RETRY)),
        Arguments.of(
            "waiting with delay",
            StepResult.EMPTY,
            new ReconcileError.Waiting("DependencyNotReady", "dep", Duration.ofSeconds(30)),
            RequeueDecision.after(Duration.ofSeconds(30))),
        Arguments.of(
            "generic",
            StepResult.SUCCESS,
            new ReconcileError.Generic("GitOperationFailed", "timeout"),
            RequeueDecision.backoff()),
        Arguments.of(
            "generic ignored",
            StepResult.EMPTY,
            new ReconcileError.Generic("Nothing", "no-op").ignoring(),
            RequeueDecision.after(INTERVAL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("the requeue decision follows the step result and the error type")
  void decide(String name, StepResult result, ReconcileError error, RequeueDecision expected) {
    assertThat(RequeuePolicy.decide(result, error, INTERVAL, RETRY)).isEqualTo(expected);
  }
}

package io.capstan.runtime.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StepRunnerTest {

  private final List<String> ran = new ArrayList<>();

  private Step<List<String>> step(String name, StepResult result) {
    return Step.of(
        name,
        log -> {
          log.add(name);
          return result;
        });
  }

  @Test
  @DisplayName("runs every step in order and combines their results")
  void allSteps() {
    var outcome =
        StepRunner.run(
            List.of(
                step("storage", StepResult.SUCCESS),
                step("source", StepResult.requeueAfter(Duration.ofSeconds(1))),
                step("artifact", StepResult.EMPTY)),
            ran);

    assertThat(ran).containsExactly("storage", "source", "artifact");
    assertThat(outcome.result()).isEqualTo(StepResult.requeueAfter(Duration.ofSeconds(1)));
    assertThat(outcome.failure()).isEmpty();
  }

  @Test
  @DisplayName("stops at the first failing step and reports it")
  void stopsOnError() {
    Step<List<String>> failing =
        Step.of(
            "source",
            log -> {
              log.add("source");
              throw new ReconcileError.Stalling("InvalidURL", "bad url");
            });

    var outcome =
        StepRunner.run(
            List.of(step("storage", StepResult.SUCCESS), failing, step("artifact", null)), ran);

    assertThat(ran).containsExactly("storage", "source");
    assertThat(outcome.failedStep()).isEqualTo("source");
    assertThat(outcome.error()).isInstanceOf(ReconcileError.Stalling.class);
    assertThat(outcome.result()).isEqualTo(StepResult.SUCCESS);
  }

  @Test
  @DisplayName("an unexpected exception becomes a generic error with reason Failed")
  void wrapsUnexpected() {
    Step<List<String>> boom =
        Step.of(
            "boom",
            log -> {
              throw new IllegalStateException("disk full");
            });

    var outcome = StepRunner.run(List.of(boom), ran);

    assertThat(outcome.error()).isInstanceOf(ReconcileError.Generic.class);
    assertThat(outcome.error().reason()).isEqualTo("Failed");
    assertThat(outcome.error().getMessage()).isEqualTo("disk full");
    assertThat(outcome.error().getCause()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("a step returning null counts as EMPTY")
  void nullIsEmpty() {
    var outcome = StepRunner.run(List.of(step("a", null)), ran);
    assertThat(outcome.result()).isEqualTo(StepResult.EMPTY);
  }
}

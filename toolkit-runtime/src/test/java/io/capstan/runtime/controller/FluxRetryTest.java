package io.capstan.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FluxRetryTest {

  private final FluxRetry retry = FluxControllerConfiguration.retry();

  @ParameterizedTest(name = "failure {0} -> {1}")
  @CsvSource({
    "1, PT0.75S",
    "2, PT1.5S",
    "3, PT3S",
    "4, PT6S",
    "10, PT6M24S",
    "11, PT12M48S",
    "12, PT15M",
    "100, PT15M",
    "2147483647, PT15M"
  })
  @DisplayName("the n-th consecutive failure waits 750ms x 2^(n-1), at most 15 minutes")
  void delays(int failures, Duration expected) {
    assertThat(retry.delayAfter(failures)).isEqualTo(expected);
  }

  @Test
  @DisplayName("an SDK retry execution doubles from the first retry and never gives up")
  void execution() {
    RetryExecution execution = retry.initExecution();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      delays.add(execution.nextDelay().orElseThrow());
    }

    assertThat(delays).containsExactly(750L, 1500L, 3000L, 6000L, 12000L);
    assertThat(execution.getAttemptCount()).isEqualTo(5);
    assertThat(execution.isLastAttempt()).isFalse();
    assertThat(retry.initExecution().nextDelay()).contains(750L);
  }

  @Test
  @DisplayName("bounds must be positive and ordered")
  void bounds() {
    assertThatThrownBy(() -> new FluxRetry(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FluxRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> retry.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

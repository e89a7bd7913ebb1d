package io.capstan.runtime.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalJitterTest {

  @ParameterizedTest(name = "{0}%")
  @ValueSource(ints = {1, 5, 10, 50, 99})
  @DisplayName("a jittered interval stays within ± the percentage and spreads over the range")
  void withinBounds(int percentage) {
    IntervalJitter jitter = IntervalJitter.percentage(percentage, new Random(42));
    Duration interval = Duration.ofMinutes(10);
    long delta = interval.toNanos() * percentage / 100;
    Set<Long> seen = new HashSet<>();
    boolean below = false;
    boolean above = false;
    for (int i = 0; i < 1000; i++) {
      long nanos = jitter.apply(interval).toNanos();
      assertThat(nanos).isBetween(interval.toNanos() - delta, interval.toNanos() + delta);
      below |= nanos < interval.toNanos() - delta / 2;
      above |= nanos > interval.toNanos() + delta / 2;
      seen.add(nanos);
    }
    assertThat(below).as("some requeues well below the interval").isTrue();
    assertThat(above).as("some requeues well above the interval").isTrue();
    assertThat(seen).hasSizeGreaterThan(900);
  }

  @Test
  @DisplayName("0% (and NONE) leaves the interval as is; zero intervals are not jittered")
  void none() {
    assertThat(IntervalJitter.percentage(0).apply(Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(IntervalJitter.NONE.apply(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(IntervalJitter.percentage(50).apply(Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {-1, 100, 255})
  @DisplayName("percentages outside [0, 100) are refused, as Flux's flag")
  void refused(int percentage) {
    assertThatThrownBy(() -> IntervalJitter.percentage(percentage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--interval-jitter-percentage");
  }
}

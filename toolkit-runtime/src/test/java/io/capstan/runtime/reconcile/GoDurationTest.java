package io.capstan.runtime.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "0, 0",
    "0s, 0",
    "1m30s, 90000000000",
    "500ms, 500000000",
    "1.5h, 5400000000000",
    "10m, 600000000000",
    "1h0m0s, 3600000000000",
    "2h45m, 9900000000000",
    "100ns, 100",
    "1us, 1000",
    "1\u00b5s, 1000",
    "1\u03bcs, 1000",
    ".5s, 500000000",
    "1.s, 1000000000",
    "1.000000001s, 1000000001",
    "-1m, -60000000000",
    "+5s, 5000000000",
    "1h1m1s1ms1us1ns, 3661001001001"
  })
  @DisplayName("parses Go durations like time.ParseDuration")
  void parses(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "1", "m", "1d", "1 m", "1m 30s", "1..5s", ".s", "1h-5m", "--1s", "1e3s", "s1"})
  @DisplayName("rejects text that is not a Go duration")
  void rejects(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2562048h", "9999999999h"})
  @DisplayName("rejects durations beyond Go's range")
  void overflow(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} ns -> {1}")
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "1100, 1.1\u00b5s",
    "1500000, 1.5ms",
    "500000000, 500ms",
    "1000000000, 1s",
    "90000000000, 1m30s",
    "600000000000, 10m0s",
    "3600000000000, 1h0m0s",
    "5400000000000, 1h30m0s",
    "3661500000000, 1h1m1.5s",
    "-60000000000, -1m0s"
  })
  @DisplayName("formats like Go's Duration.String()")
  void formats(long nanos, String text) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
  }
}

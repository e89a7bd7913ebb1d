package io.capstan.runtime.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolarityTest {

  @ParameterizedTest(name = "{0} {1} abnormal={2}")
  @CsvSource({
    "POSITIVE, True, false",
    "POSITIVE, False, true",
    "POSITIVE, Unknown, false",
    "NEGATIVE, True, true",
    "NEGATIVE, False, false",
    "NEGATIVE, Unknown, false"
  })
  @DisplayName("positive conditions are abnormal when False, negative ones when True")
  void abnormal(Polarity polarity, Condition.Status status, boolean abnormal) {
    assertThat(polarity.isAbnormal(status)).isEqualTo(abnormal);
  }
}

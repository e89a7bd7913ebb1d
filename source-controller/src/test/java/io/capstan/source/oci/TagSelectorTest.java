package io.capstan.source.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagSelectorTest {

  static final List<String> TAGS =
      List.of(
          "latest", "v1.0.0", "1.1.0", "v1.2.0-rc.1", "v2.0.0", "6.7.0-p01", "6.7.1-p01", "main");

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "'>=1.0.0 <2.0.0', -, 1.1.0",
        "'>=1.0.0', -, v2.0.0",
        "'1.0.x', -, v1.0.0",
        "'>=1.0.0 <2.0.0', '^v', v1.0.0",
        "'>=1.2.0-0 <2.0.0', -, v1.2.0-rc.1",
        "'>=6.7.0-0 <6.7.1', '-p01$', 6.7.0-p01",
        "'>=3.0.0 <6.0.0', -, -",
      })
  @DisplayName("the highest version in range among the tags the filter keeps")
  void selects(String range, String filter, String expected) {
    assertThat(TagSelector.of(range, filter).select(TAGS).orElse(null)).isEqualTo(expected);
  }

  @Test
  @DisplayName("an invalid range or filter is refused with its text")
  void invalid() {
    assertThatThrownBy(() -> TagSelector.of("not a range", null))
        .hasMessageContaining("not a range");
    assertThatThrownBy(() -> TagSelector.of(">=1.0.0", "([")).hasMessageContaining("([");
  }
}

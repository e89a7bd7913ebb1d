package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemverSelectorTest {

  static final List<String> TAGS =
      List.of(
          "v0.9.0",
          "v1.0.0",
          "1.2.3",
          "v1.2.10",
          "v1.3.0-rc.1",
          "v2.0.0",
          "v2.1",
          "3",
          "latest",
          "v4.0.0-beta",
          "release-5.0.0");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'*', 3",
    "'>=1.0.0 <2.0.0', v1.2.10",
    "'>=1.0.0, <2.0.0', v1.2.10",
    "'^1.2', v1.2.10",
    "'~1.2.3', v1.2.10",
    "'1.2.x', v1.2.10",
    "'<1', v0.9.0",
    "'2.x', v2.1",
    "'>=1.3.0-rc.0 <1.4.0', v1.3.0-rc.1",
    "'1.0 - 1.2.5', 1.2.3",
    "'<1 || >=2.0.0 <3', v2.1",
    "'>=5', ''"
  })
  @DisplayName("the highest tag inside the range wins; pre-releases only when asked for")
  void highest(String range, String expected) {
    List<String> best = SemverSelector.of(range).highest(TAGS);
    if (expected == null || expected.isEmpty()) {
      assertThat(best).isEmpty();
    } else {
      assertThat(best).containsExactly(expected);
    }
  }

  @Test
  @DisplayName("versions that differ only by build metadata tie")
  void buildMetadataTies() {
    assertThat(SemverSelector.of("1.x").highest(List.of("1.0.0+a", "v1.0.0+b", "0.1.0")))
        .containsExactly("1.0.0+a", "v1.0.0+b");
  }

  @Test
  @DisplayName("tags that are not versions are skipped, lenient forms are read")
  void lenientTags() {
    assertThat(SemverSelector.parseTag("v1")).isPresent();
    assertThat(SemverSelector.parseTag("1.2")).isPresent();
    assertThat(SemverSelector.parseTag("latest")).isEmpty();
    assertThat(SemverSelector.parseTag("release-1.0.0")).isEmpty();
  }

  @Test
  @DisplayName("an invalid range is reported as a semver parse error")
  void invalidRange() {
    assertThatThrownBy(() -> SemverSelector.of(">=foo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("semver parse error");
  }
}

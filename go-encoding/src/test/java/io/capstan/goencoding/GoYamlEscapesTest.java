package io.capstan.goencoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GoYamlEscapesTest {

  @Test
  @DisplayName("rewrites the go-yaml-only escape at a code point index, and nothing else")
  void portable() {
    // index 5 is the L after the backslash; the emoji before it counts as one code point
    assertThat(GoYamlEscapes.portable("\"\uD83D\uDE00ab\\Lc\"", 5))
        .isEqualTo("\"\uD83D\uDE00ab\\u2028c\"");
    assertThat(GoYamlEscapes.portable("\"\\P\"", 2)).isEqualTo("\"\\u2029\"");
    assertThat(GoYamlEscapes.portable("\"\\\t\"", 2)).isEqualTo("\"\\t\"");
    assertThat(GoYamlEscapes.portable("\"\\'\"", 2)).isEqualTo("\"'\"");
    assertThat(GoYamlEscapes.portable("\"\\q\"", 2)).isNull();
    assertThat(GoYamlEscapes.portable("\"xL\"", 2)).isNull();
    assertThat(GoYamlEscapes.portable("\"\\L\"", 0)).isNull();
    assertThat(GoYamlEscapes.portable("\"\\L\"", 99)).isNull();
  }
}

package io.capstan.kustomize.engine.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.kustomize.engine.KustomizeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KvGeneratorTest {
  static Stream<Arguments> literals() {
    return Stream.of(
        Arguments.of("a=b", "a", "b"),
        Arguments.of("a=\"quoted\"", "a", "quoted"),
        Arguments.of("a='single'", "a", "single"),
        Arguments.of("a=x=y", "a", "x=y"),
        Arguments.of("a=", "a", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  @DisplayName("literal sources split at the first '=' and lose matching outer quotes")
  void literal(String src, String key, String value) {
    assertThat(KvGenerator.literal(src)).containsExactly(key, value);
  }

  @Test
  @DisplayName("a literal without '=' is rejected")
  void badLiteral() {
    assertThatThrownBy(() -> KvGenerator.literal("novalue")).isInstanceOf(KustomizeException.class);
  }

  @Test
  @DisplayName("env files skip comments and blank lines and keep values verbatim")
  void envFile() {
    List<String[]> kv = KvGenerator.envPairs("\uFEFF# c\n\n  A=1\nB= two \r\nC=x=y\n", "f.env");
    assertThat(kv).extracting(p -> p[0] + "|" + p[1]).containsExactly("A|1", "B| two ", "C|x=y");
  }

  @Test
  @DisplayName("secret values are base64 in lines of 70 characters")
  void base64Lines() {
    String enc = KvGenerator.encodeBase64("x".repeat(60).getBytes(StandardCharsets.UTF_8));
    assertThat(enc.split("\n")).hasSize(2);
    assertThat(enc.split("\n")[0]).hasSize(70);
    assertThat(enc).endsWith("\n");
    assertThat(KvGenerator.encodeBase64("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo("YWJj");
  }
}

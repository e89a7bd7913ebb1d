package io.capstan.kustomize.engine.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {
  private static final String DOC = "{a: {b: 1}, l: [x, y], 'k/e~y': 1}";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "add a field",
            "[{op: add, path: /a/c, value: 2}]",
            "{a: {b: 1, c: 2}, l: [x, y], 'k/e~y': 1}"),
        Arguments.of(
            "append with -",
            "[{op: add, path: /l/-, value: z}]",
            "{a: {b: 1}, l: [x, y, z], 'k/e~y': 1}"),
        Arguments.of(
            "insert at an index",
            "[{op: add, path: /l/0, value: w}]",
            "{a: {b: 1}, l: [w, x, y], 'k/e~y': 1}"),
        Arguments.of("remove", "[{op: remove, path: /a}]", "{l: [x, y], 'k/e~y': 1}"),
        Arguments.of(
            "replace",
            "[{op: replace, path: /l/1, value: q}]",
            "{a: {b: 1}, l: [x, q], 'k/e~y': 1}"),
        Arguments.of(
            "move", "[{op: move, from: /a/b, path: /c}]", "{a: {}, l: [x, y], 'k/e~y': 1, c: 1}"),
        Arguments.of(
            "copy",
            "[{op: copy, from: /l, path: /m}]",
            "{a: {b: 1}, l: [x, y], m: [x, y], 'k/e~y': 1}"),
        Arguments.of("escaped pointer", "[{op: remove, path: /k~1e~0y}]", "{a: {b: 1}, l: [x, y]}"),
        Arguments.of(
            "YAML 1.1 booleans in YAML ops",
            "- {op: add, path: /t, value: y}",
            "{a: {b: 1}, l: [x, y], 'k/e~y': 1, t: true}"),
        Arguments.of(
            "JSON ops keep strings",
            "[{\"op\": \"add\", \"path\": \"/t\", \"value\": \"y\"}]",
            "{a: {b: 1}, l: [x, y], 'k/e~y': 1, t: 'y'}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("applies RFC 6902 operations")
  void applies(String name, String ops, String expected) {
    JsonPatch p = JsonPatch.parse(ops, "test");
    assertThat(p.apply(YamlReader.readOne(DOC, "doc")))
        .isEqualTo(YamlReader.readOne(expected, "exp"));
  }

  @Test
  @DisplayName("operations on missing paths fail; a failed test op fails")
  void failures() {
    assertThatThrownBy(
            () ->
                JsonPatch.parse("[{op: remove, path: /nope}]", "t")
                    .apply(YamlReader.readOne(DOC, "d")))
        .isInstanceOf(KustomizeException.class);
    assertThatThrownBy(
            () ->
                JsonPatch.parse("[{op: replace, path: /z/y, value: 1}]", "t")
                    .apply(YamlReader.readOne(DOC, "d")))
        .isInstanceOf(KustomizeException.class);
    assertThatThrownBy(
            () ->
                JsonPatch.parse("[{op: test, path: /a/b, value: 2}]", "t")
                    .apply(YamlReader.readOne(DOC, "d")))
        .isInstanceOf(KustomizeException.class);
  }

  @Test
  @DisplayName("a map is not a JSON patch")
  void notAPatch() {
    assertThat(JsonPatch.parse("apiVersion: v1\nkind: ConfigMap\n", "t")).isNull();
  }
}

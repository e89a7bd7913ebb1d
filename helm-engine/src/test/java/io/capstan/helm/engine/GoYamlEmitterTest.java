package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** toYaml must match Go's sigs.k8s.io/yaml byte for byte. */
class GoYamlEmitterTest {
  private static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  static Stream<Arguments> cases() {
    String words = String.join(" ", java.util.Collections.nCopies(20, "word"));
    return Stream.of(
        Arguments.of("float64 integral is an int", m("a", 1.0), "a: 1\n"),
        Arguments.of("int64", m("a", 42L), "a: 42\n"),
        Arguments.of("fraction", m("k", 0.5), "k: 0.5\n"),
        Arguments.of("huge float", m("k", 1e21), "k: 1e+21\n"),
        Arguments.of("tiny float", m("k", 0.00001), "k: 1e-05\n"),
        Arguments.of("big integral float beyond int64", m("k", 1e20), "k: 1e+20\n"),
        Arguments.of(
            "sorted keys, list not indented",
            m("b", "x", "a", List.of(1L, 2L)),
            "a:\n- 1\n- 2\nb: x\n"),
        Arguments.of("string that reads as bool", m("s", "true"), "s: \"true\"\n"),
        Arguments.of("yaml 1.1 bool", m("s", "yes"), "s: \"yes\"\n"),
        Arguments.of("on", m("s", "on"), "s: \"on\"\n"),
        Arguments.of("string that reads as number", m("k", "1.5"), "k: \"1.5\"\n"),
        Arguments.of("octal-looking", m("k", "0755"), "k: \"0755\"\n"),
        Arguments.of("leading zero float", m("k", "08"), "k: \"08\"\n"),
        Arguments.of("timestamp", m("k", "2021-01-01"), "k: \"2021-01-01\"\n"),
        Arguments.of("base 60", m("k", "12:30"), "k: \"12:30\"\n"),
        Arguments.of("null string", m("k", "null"), "k: \"null\"\n"),
        Arguments.of("tilde", m("k", "~"), "k: \"~\"\n"),
        Arguments.of("empty string", m("s", ""), "s: \"\"\n"),
        Arguments.of("null value", m("s", null), "s: null\n"),
        Arguments.of("multi-line, no trailing newline", m("s", "a\nb"), "s: |-\n  a\n  b\n"),
        Arguments.of("multi-line, trailing newline", m("s", "a\nb\n"), "s: |\n  a\n  b\n"),
        Arguments.of("multi-line, blank line inside", m("s", "a\n\nb"), "s: |-\n  a\n\n  b\n"),
        Arguments.of("multi-line, leading space", m("k", " a\nb"), "k: |2-\n   a\n  b\n"),
        Arguments.of(
            "multi-line with trailing space on a line", m("k", "a \nb"), "k: \"a \\nb\"\n"),
        Arguments.of("empty map", m("m", Map.of()), "m: {}\n"),
        Arguments.of("empty list", m("l", List.of()), "l: []\n"),
        Arguments.of("list of maps", List.of(m("b", 2L, "a", 1L)), "- a: 1\n  b: 2\n"),
        Arguments.of("list of lists", List.of(List.of(1L, 2L)), "- - 1\n  - 2\n"),
        Arguments.of("nested map", m("a", m("b", m("c", "d"))), "a:\n  b:\n    c: d\n"),
        Arguments.of("list under nested key", m("a", m("l", List.of("x"))), "a:\n  l:\n  - x\n"),
        Arguments.of("alias indicator", m("k", "*x"), "k: '*x'\n"),
        Arguments.of("colon space", m("k", "a: b"), "k: 'a: b'\n"),
        Arguments.of("single quote doubled", m("k", "'a': b"), "k: '''a'': b'\n"),
        Arguments.of("comment marker", m("k", "a #b"), "k: 'a #b'\n"),
        Arguments.of("hash without space is plain", m("k", "a#b"), "k: a#b\n"),
        Arguments.of("leading space", m("k", " lead"), "k: ' lead'\n"),
        Arguments.of("dash alone", m("k", "-"), "k: '-'\n"),
        Arguments.of("dash word", m("k", "-x"), "k: -x\n"),
        Arguments.of("tab is escaped", m("k", "x\ty"), "k: \"x\\ty\"\n"),
        Arguments.of("url is plain", m("k", "http://a.b/c?d=e"), "k: http://a.b/c?d=e\n"),
        Arguments.of("unicode is plain", m("k", "héllo"), "k: héllo\n"),
        Arguments.of("root null", null, "null\n"),
        Arguments.of("root string", "hello", "hello\n"),
        Arguments.of("root multi-line", "a\nb", "|-\n  a\n  b\n"),
        Arguments.of("root empty map", Map.of(), "{}\n"),
        Arguments.of("bool", m("b", true), "b: true\n"),
        Arguments.of("bytes become base64", m("b", "hi".getBytes()), "b: aGk=\n"),
        Arguments.of("key needing quotes", m("true", "x"), "\"true\": x\n"),
        Arguments.of(
            "natural key order",
            m("a10", 1L, "a2", 1L, "a1", 1L, "B", 1L, "_x", 1L),
            "_x: 1\nB: 1\na1: 1\na2: 1\na10: 1\n"),
        Arguments.of(
            "long plain line folds at 80 columns",
            m("k", words),
            "k: "
                + String.join(" ", java.util.Collections.nCopies(16, "word"))
                + "\n  word word word word\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void marshalsLikeGo(String name, Object in, String want) throws Exception {
    assertThat(GoYamlEmitter.marshal(in)).isEqualTo(want);
  }

  @Test
  @DisplayName("NaN cannot be marshalled (json: unsupported value)")
  void nanFails() {
    assertThatThrownBy(() -> GoYamlEmitter.marshal(Map.of("a", Double.NaN)))
        .hasMessageContaining("json: unsupported value: NaN");
  }

  @Test
  @DisplayName("the emitter's output reads back to the same values")
  void roundTrip() throws Exception {
    Map<String, Object> v =
        m("a", "x: y", "b", new ArrayList<>(Arrays.asList("1", "no", "", " s")), "c", "l1\nl2\n");
    Object back = GoYaml.parse(GoYamlEmitter.marshal(v));
    assertThat(back).isEqualTo(v);
  }
}

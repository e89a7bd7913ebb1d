package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Values read as Helm reads them (go-yaml v2 + JSON). */
class GoYamlTest {
  @Test
  @DisplayName("numbers are float64, YAML 1.1 booleans are booleans, timestamps stay strings")
  void types() throws Exception {
    Map<String, Object> m =
        GoYaml.parseMap(
            "i: 3\nf: 1.5\nhex: 0x10\nb1: yes\nb2: off\nnil: ~\nts: 2021-01-01\ns: '3'\nv: 1.2.3\n");
    assertThat(m.get("i")).isEqualTo(3.0);
    assertThat(m.get("f")).isEqualTo(1.5);
    assertThat(m.get("hex")).isEqualTo(16.0);
    assertThat(m.get("b1")).isEqualTo(true);
    assertThat(m.get("b2")).isEqualTo(false);
    assertThat(m).containsEntry("nil", null);
    assertThat(m.get("ts")).isEqualTo("2021-01-01");
    assertThat(m.get("s")).isEqualTo("3");
    assertThat(m.get("v")).isEqualTo("1.2.3");
  }

  @Test
  @DisplayName("non-string keys become strings (y/n are YAML 1.1 booleans); merge keys apply")
  void keysAndMerge() throws Exception {
    Map<String, Object> m =
        GoYaml.parseMap("1: a\ny: b\nbase: &b {x: 1}\nd:\n  <<: *b\n  z: 2\n  x: 3\n");
    assertThat(m).containsKeys("1", "true");
    assertThat(m.get("d")).isEqualTo(Map.of("x", 3.0, "z", 2.0));
  }

  @Test
  @DisplayName("an empty document is an empty map; a list is not a map")
  void emptyAndWrongKind() throws Exception {
    assertThat(GoYaml.parseMap("")).isEmpty();
    assertThat(GoYaml.parseMap("# only a comment\n")).isEmpty();
    assertThatThrownBy(() -> GoYaml.parseMap("- a\n"))
        .hasMessageContaining("cannot unmarshal array");
  }

  @Test
  @DisplayName("syntax errors are reported")
  void syntaxError() {
    assertThatThrownBy(() -> GoYaml.parse("a: [b\n")).isInstanceOf(GoYaml.YamlException.class);
  }

  @Test
  @DisplayName("an empty block scalar at the end of a nested mapping reads as \"\"")
  void emptyBlockScalarAtEnd() throws Exception {
    assertThat(GoYaml.parseMap("a:\n  users.acl: |-\n\n"))
        .isEqualTo(Map.of("a", Map.of("users.acl", "")));
  }

  @Test
  @DisplayName("like yaml.Unmarshal, only the first document of a stream is read")
  void firstDocumentOnly() throws Exception {
    assertThat(GoYaml.parseMap("a: 1\n---\nb: [\n")).isEqualTo(Map.of("a", 1.0));
  }

  @Test
  @DisplayName("all documents of a stream")
  void stream() throws Exception {
    assertThat(GoYaml.parseAll("a: 1\n---\n- x\n"))
        .isEqualTo(List.of(Map.of("a", 1.0), List.of("x")));
  }

  @Test
  @DisplayName(
      "\\/ fails with go-yaml's message and line (recorded from helm v4.3.2: values.yaml and"
          + " a rendered manifest)")
  void slashEscape() throws Exception {
    assertThatThrownBy(() -> GoYaml.parseMap("k: \"a\\/b\"\n"))
        .isInstanceOf(GoYaml.YamlException.class)
        .hasMessage("yaml: found unknown escape character");
    assertThatThrownBy(() -> GoYaml.parseAll("a: 1\nx: \"a\\/b\"\n"))
        .hasMessage("yaml: line 2: found unknown escape character");
    assertThatThrownBy(() -> GoYaml.parseAll("a: 1\nb: 2\n\nx: \"a\\\\\\/b\"\n"))
        .hasMessage("yaml: line 4: found unknown escape character");
    // not an escape outside double quotes
    assertThat(GoYaml.parseAll("a: 'x\\/'\nb: x\\/\n")).isNotEmpty();
  }

  @Test
  @DisplayName("10,000 go-yaml-only escapes are read in one pass")
  void manyEscapes() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < 10_000; k++) {
      b.append("k").append(k).append(": \"a\\Lb\\'c\"\n");
    }
    Map<String, Object> m = GoYaml.parseMap(b.toString());
    assertThat(m).hasSize(10_000);
    for (int k = 0; k < 10_000; k++) {
      assertThat(m.get("k" + k)).isEqualTo("a\u2028b'c");
    }
  }
}

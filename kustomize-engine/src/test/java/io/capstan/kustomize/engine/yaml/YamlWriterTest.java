package io.capstan.kustomize.engine.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scalars read like kustomize reads them and print like kustomize prints them. */
class YamlWriterTest {
  static Stream<Arguments> scalars() {
    return Stream.of(
        Arguments.of("a: 1.0", "a: 1"),
        Arguments.of("a: 0x1F", "a: 31"),
        Arguments.of("a: 0777", "a: 511"),
        Arguments.of("a: 1_000", "a: 1000"),
        Arguments.of("a: 1e3", "a: 1000"),
        Arguments.of("a: 1.5e300", "a: 1.5e+300"),
        Arguments.of("a: 12345678901234567890", "a: 12345678901234567890"),
        Arguments.of("a: 08", "a: 8"),
        Arguments.of("a: yes", "a: \"yes\""),
        Arguments.of("a: \"on\"", "a: \"on\""),
        Arguments.of("a: \"123\"", "a: \"123\""),
        Arguments.of("a: true", "a: true"),
        Arguments.of("a: ~", "a: null"),
        Arguments.of("a:", "a: null"),
        Arguments.of("a: 2001-12-14", "a: \"2001-12-14T00:00:00Z\""),
        Arguments.of("a: !!str 42", "a: \"42\""),
        Arguments.of("a: '#x'", "a: '#x'"),
        Arguments.of("a: 'k: v'", "a: 'k: v'"),
        Arguments.of("a: '  lead'", "a: '  lead'"),
        Arguments.of("a: \"tab\\there\"", "a: \"tab\\there\""),
        Arguments.of("a: \"x\\n\"", "a: |\n  x"),
        Arguments.of("a: \"x\\ny\"", "a: |-\n  x\n  y"),
        Arguments.of("a: \"\\nx\\n\"", "a: |2\n\n  x"),
        Arguments.of("y: 1", "\"y\": 1"),
        // beyond U+FFFD is not go-yaml printable: escaped, as `kubectl kustomize` prints it
        Arguments.of("a: \"smile \\U0001F600\"", "a: \"smile \\U0001F600\""),
        Arguments.of("\"\\U0001F600k\": v", "\"\\U0001F600k\": v"),
        Arguments.of("a: []", "a: []"),
        Arguments.of("a: {}", "a: {}"),
        Arguments.of(
            "a: one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
                + " fifteen",
            "a: one two three four five six seven eight nine ten eleven twelve thirteen fourteen\n"
                + "  fifteen"));
  }

  @ParameterizedTest(name = "{0}  =>  {1}")
  @MethodSource("scalars")
  @DisplayName("scalar round trip matches kustomize")
  void scalarRoundTrip(String in, String out) {
    JsonNode n = YamlReader.readOne(in, "test");
    assertThat(YamlWriter.write(n)).isEqualTo(out + "\n");
  }

  @Test
  @DisplayName("map keys are sorted like go-yaml: non-letters first, digit runs by value")
  void keyOrder() {
    JsonNode n = YamlReader.readOne("b: 1\na10: 1\na9: 1\nB: 1\n_x: 1\n\"1\": 1\n", "t");
    assertThat(YamlWriter.write(n)).isEqualTo("_x: 1\n\"1\": 1\nB: 1\na9: 1\na10: 1\nb: 1\n");
  }

  @Test
  @DisplayName("sequences are not indented under their key and documents are separated")
  void layout() {
    JsonNode a = YamlReader.readOne("x:\n  - a: 1\n    b: [1, 2]\n  - [3]\n", "t");
    JsonNode b = YamlReader.readOne("y: z", "t");
    assertThat(YamlWriter.writeAll(java.util.List.of(a, b)))
        .isEqualTo("x:\n- a: 1\n  b:\n  - 1\n  - 2\n- - 3\n---\n\"y\": z\n");
  }
}

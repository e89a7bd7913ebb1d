package io.capstan.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON-patch operation count of {@link ServerSideApplier#diff}. */
class DriftDiffCounterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("equal", "{\"a\":1}", "{\"a\":1}", 0, 0, 0, "[]"),
        Arguments.of("scalar changed", "{\"a\":1}", "{\"a\":2}", 0, 1, 0, "[/a]"),
        Arguments.of("field added", "{}", "{\"a\":{\"b\":1}}", 1, 0, 0, "[/a]"),
        Arguments.of("field removed", "{\"a\":1,\"b\":2}", "{\"a\":1}", 0, 0, 1, "[/b]"),
        Arguments.of(
            "nested and escaped",
            "{\"m\":{\"l\":{\"x/y\":\"1\",\"t~\":\"2\"}}}",
            "{\"m\":{\"l\":{\"x/y\":\"3\",\"t~\":\"2\"}}}",
            0,
            1,
            0,
            "[/m/l/x~1y]"),
        Arguments.of("array elements by index", "[1,2,3]", "[1,5]", 0, 1, 1, "[/1, /2]"),
        Arguments.of("array grown", "{\"l\":[1]}", "{\"l\":[1,2,3]}", 2, 0, 0, "[/l/1, /l/2]"),
        Arguments.of("type changed", "{\"a\":{\"b\":1}}", "{\"a\":\"x\"}", 0, 1, 0, "[/a]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void counts(
      String name, String from, String to, int added, int changed, int removed, String paths)
      throws Exception {
    DriftDiff.Counter c = new DriftDiff.Counter();
    c.compare(JSON.readTree(from), JSON.readTree(to), "");
    assertThat(c.added).isEqualTo(added);
    assertThat(c.changed).isEqualTo(changed);
    assertThat(c.removed).isEqualTo(removed);
    assertThat(c.paths.toString()).isEqualTo(paths);
  }
}

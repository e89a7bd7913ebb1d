package io.capstan.source.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HelmRepository artifact is byte for byte what Flux stores. The expected files under {@code
 * src/test/resources/helm-index} were written by Go (go1.26, Helm v4.3.2's {@code repo.IndexFile}
 * and {@code chart.Metadata}, sigs.k8s.io/yaml v1.6.0) running Flux's {@code IndexFromBytes} +
 * {@code ToJSON}: the program is {@code flux-tojson.go.txt} beside them.
 */
class IndexJsonTest {

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = IndexJsonTest.class.getResourceAsStream("/helm-index/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return name.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
    }
  }

  private static String json(byte[] index) throws Exception {
    return new String(IndexJson.toJson(new ByteArrayInputStream(index)), StandardCharsets.UTF_8);
  }

  // Go's float formatting itself is tested in go-encoding's GoJsonTest.

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // field order, omitempty, sanitised strings, HTML escapes, times, sorting, dropped entries
    "tricky.yaml, tricky.json",
    // ChartVersion's own string fields coerce numbers
    "coerced.yaml, coerced.json",
    // a JSON index is read leniently (unknown fields ignored); ties keep their order
    "lenient-json.json, lenient-json.out.json",
    // 52 versions of equal precedence in groups: Go's unstable sort.Sort order
    "ties.yaml, ties.json",
  })
  @DisplayName("the JSON artifact equals Go's output for the same index")
  void goldenFiles(String input, String expected) throws Exception {
    assertThat(json(resource(input)))
        .isEqualTo(new String(resource(expected), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a 400 KB index of 60 charts (no equal-precedence versions): Go's output digest")
  void largeIndex() throws Exception {
    byte[] out = IndexJson.toJson(new ByteArrayInputStream(resource("large.yaml.gz")));
    assertThat(out).hasSize(615764);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out)))
        .isEqualTo("adc8667e845a94e3ac932d162406e0b6c1a6e92422bb54971f87ae1f44718f22");
  }

  @Test
  @DisplayName("what Flux's strict load refuses fails here too")
  void refused() {
    assertThatThrownBy(
            () ->
                json(
                    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    x: 1\n"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChartRepositoryException.InvalidIndex.class)
        .hasMessageContaining("unknown field \"x\"");
    assertThatThrownBy(
            () ->
                json(
                    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0\n"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChartRepositoryException.InvalidIndex.class)
        .hasMessageContaining("version");
    assertThatThrownBy(
            () ->
                json(
                    "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n"
                        .concat("    created: 2016-10-06 16:23:20\n")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChartRepositoryException.InvalidIndex.class)
        .hasMessageContaining("parsing time \"2016-10-06 16:23:20\"");
    assertThatThrownBy(() -> json("entries: {}\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("no API version specified");
    assertThatThrownBy(() -> json(new byte[0])).hasMessage("empty index.yaml file");
  }
}

package io.capstan.source.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartRepositoryIndexTest {

  /** Versions deliberately out of order, with a pre-release, a "v" prefix and build metadata. */
  static final String INDEX =
      """
      apiVersion: v1
      entries:
        app:
        - name: app
          version: 1.2.0
          digest: aaaa
          urls: [charts/app-1.2.0.tgz]
          created: "2024-01-02T00:00:00Z"
          description: |
            long text that is skipped
          maintainers:
          - name: x
            email: y
        - name: app
          version: 2.0.0-rc.1
          urls: [charts/app-2.0.0-rc.1.tgz]
        - name: app
          version: 1.10.0
          urls: [charts/app-1.10.0.tgz]
          created: "2024-03-01T10:00:00.123456789+01:00"
        - name: app
          version: v1.9.0
          urls: [charts/app-v1.9.0.tgz]
        - name: app
          version: 1.10.0+build.2
          urls: [charts/app-1.10.0+build.2.tgz]
          created: "2024-03-02T00:00:00Z"
        - name: app
          version: not-a-version
          urls: [charts/broken.tgz]
        - version: 3.0.0
          urls: [charts/nameless.tgz]
        empty: []
        lib:
        - name: lib
          version: 1.0
          urls: ["https://other.example/lib-1.0.tgz"]
      generated: "2024-03-02T00:00:00Z"
      serverInfo: {}
      """;

  static ChartRepositoryIndex index() throws Exception {
    return ChartRepositoryIndex.parse(INDEX.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "keeps valid entries, sorted newest first; newer created wins between equal versions")
  void sortsLikeHelm() throws Exception {
    ChartRepositoryIndex index = index();
    assertThat(index.apiVersion()).isEqualTo("v1");
    assertThat(index.chartNames()).containsExactlyInAnyOrder("app", "empty", "lib");
    assertThat(index.versions("app"))
        .extracting(ChartVersion::version)
        .containsExactly("2.0.0-rc.1", "1.10.0+build.2", "1.10.0", "v1.9.0", "1.2.0");
    assertThat(index.skippedEntries()).isEqualTo(2);
    assertThat(index.size()).isEqualTo(6);
    ChartVersion v120 = index.versions("app").get(4);
    assertThat(v120.digest()).isEqualTo("aaaa");
    assertThat(v120.urls()).containsExactly("charts/app-1.2.0.tgz");
    assertThat(v120.created()).isEqualTo("2024-01-02T00:00:00Z");
    assertThat(index.versions("app").get(2).created()).isEqualTo("2024-03-01T09:00:00.123456789Z");
    assertThat(index.versions("lib").get(0).version()).isEqualTo("1.0");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "app;            ;1.10.0+build.2",
        "app;*           ;1.10.0+build.2",
        "app;1.2.0       ;1.2.0",
        "app;v1.9.0      ;v1.9.0",
        "app;~1.9        ;v1.9.0",
        "app;<1.10.0     ;v1.9.0",
        "app;>=1.0.0 <1.5;1.2.0",
        "app;1.x         ;1.10.0+build.2",
        "app;>=2.0.0-0   ;2.0.0-rc.1",
        "app;2.0.0-rc.1  ;2.0.0-rc.1",
        "app;^1.2, !=1.10.0;v1.9.0",
        "app;<1.0.0 || 1.2.x;1.2.0",
        "lib;*           ;1.0",
      })
  @DisplayName("selects the newest version matching the constraint, as Flux")
  void selects(String chart, String constraint, String expected) throws Exception {
    assertThat(index().select(chart, constraint).version()).isEqualTo(expected);
  }

  @Test
  @DisplayName("says precisely why nothing was selected")
  void selectErrors() throws Exception {
    ChartRepositoryIndex index = index();
    assertThatThrownBy(() -> index.select("nope", "*"))
        .isInstanceOf(ChartRepositoryException.ChartNotFound.class)
        .hasMessageContaining("chart 'nope' is not in the repository index");
    assertThatThrownBy(() -> index.select("empty", "*"))
        .isInstanceOf(ChartRepositoryException.ChartNotFound.class)
        .hasMessageContaining("no chart version found");
    assertThatThrownBy(() -> index.select("app", ">=5.0.0"))
        .isInstanceOf(ChartRepositoryException.NoMatchingVersion.class)
        .hasMessage("no 'app' chart with version matching '>=5.0.0' found");
    assertThatThrownBy(() -> index.select("app", "not a constraint!"))
        .isInstanceOf(ChartRepositoryException.NoMatchingVersion.class)
        .hasMessageContaining("invalid version constraint 'not a constraint!'");
  }

  @Test
  @DisplayName("the revision is sha256 of the exact bytes")
  void revision() throws Exception {
    byte[] bytes = INDEX.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(ChartRepositoryIndex.parse(bytes).revision()).isEqualTo("sha256:" + hex);
  }

  @Test
  @DisplayName("reads the JSON form of an index too")
  void json() throws Exception {
    String json =
        "{\"apiVersion\":\"v1\",\"entries\":{\"a\":[{\"name\":\"a\",\"version\":\"0.1.0\","
            + "\"urls\":[\"a-0.1.0.tgz\"],\"digest\":\"ff\"}]}}";
    ChartRepositoryIndex index = ChartRepositoryIndex.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(index.select("a", null).digest()).isEqualTo("ff");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty file||empty index.yaml file",
        "no apiVersion|entries: {}|no API version specified",
        "not a mapping|- a\\n- b|error unmarshaling index",
        "garbage|{{{ this is not yaml ::: [|error unmarshaling index",
        "entries not a mapping|apiVersion: v1\\nentries: [1, 2]|'entries' is not a mapping",
        "html|<html><body>404</body></html>|error unmarshaling index",
      })
  @DisplayName("refuses what is not a Helm repository index")
  void invalid(String name, String content, String message) {
    byte[] bytes =
        (content == null ? "" : content.replace("\\n", "\n")).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChartRepositoryIndex.parse(bytes))
        .isInstanceOf(ChartRepositoryException.InvalidIndex.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("refuses an index over the size limit, from a file or a stream")
  void tooLarge(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("index.yaml");
    Files.writeString(file, INDEX);
    assertThatThrownBy(() -> ChartRepositoryIndex.load(file, 100))
        .isInstanceOf(ChartRepositoryException.TooLarge.class)
        .hasMessage("index exceeds the maximum index file size of 100 bytes");
    assertThatThrownBy(() -> ChartRepositoryIndex.parse(Files.newInputStream(file), 100))
        .isInstanceOf(ChartRepositoryException.TooLarge.class);
    assertThat(ChartRepositoryIndex.load(file, Files.size(file)).size()).isEqualTo(6);
  }

  @Test
  @DisplayName("parses a 5 MB index with thousands of versions")
  void large() throws Exception {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nentries:\n");
    String description = "d".repeat(900);
    int charts = 50;
    int versions = 100;
    for (int c = 0; c < charts; c++) {
      sb.append("  chart-").append(c).append(":\n");
      for (int v = 0; v < versions; v++) {
        sb.append("  - name: chart-")
            .append(c)
            .append('\n')
            .append("    version: ")
            .append(v / 10)
            .append('.')
            .append(v % 10)
            .append(".0\n")
            .append("    description: ")
            .append(description)
            .append('\n')
            .append("    digest: ")
            .append("0".repeat(64))
            .append('\n')
            .append("    urls:\n    - charts/chart-")
            .append(c)
            .append(".tgz\n");
      }
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isGreaterThan(5_000_000);
    ChartRepositoryIndex index = ChartRepositoryIndex.parse(bytes);
    assertThat(index.size()).isEqualTo(charts * versions);
    assertThat(index.select("chart-7", "*").version()).isEqualTo("9.9.0");
    assertThat(index.select("chart-7", "~3.2").version()).isEqualTo("3.2.0");
  }
}

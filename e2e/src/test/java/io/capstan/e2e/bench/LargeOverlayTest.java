package io.capstan.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LargeOverlayTest {

  @Test
  @DisplayName("the same seed writes the same tree byte for byte; another seed writes another")
  void deterministic(@TempDir Path dir) throws IOException {
    Map<String, String> a = read(new LargeOverlay(2, 10, 5L).writeTo(dir.resolve("a")).getParent());
    Map<String, String> b = read(new LargeOverlay(2, 10, 5L).writeTo(dir.resolve("b")).getParent());
    Map<String, String> c = read(new LargeOverlay(2, 10, 6L).writeTo(dir.resolve("c")).getParent());
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a.keySet())
        .contains(
            "base/team-1/apps.yaml", "mid/team-1/kustomization.yaml", "top/kustomization.yaml");
  }

  @ParameterizedTest(name = "p{1} of {0} = {2}")
  @CsvSource({"'5,1,4,2,3', 50, 3", "'5,1,4,2,3', 90, 5", "'7', 90, 7", "'1,2,3,4', 50, 2"})
  @DisplayName("percentiles use the nearest rank")
  void percentile(String values, int p, double expected) {
    double[] v = Stream.of(values.split(",")).mapToDouble(Double::parseDouble).toArray();
    assertThat(KustomizeBench.percentile(v, p)).isEqualTo(expected);
  }

  private static Map<String, String> read(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }
}

package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The embedded demo application is the repository's {@code examples/webapp}, file for file. */
class ExampleApplicationTest {

  @Test
  @DisplayName("the embedded files equal examples/webapp in the repository")
  void embeddedEqualsRepository() throws IOException {
    Path dir = Path.of("..", "examples", "webapp");
    Map<String, String> onDisk = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        onDisk.put(file.getFileName().toString(), Files.readString(file));
      }
    }

    assertThat(ExampleApplication.files()).isEqualTo(onDisk).containsKey("kustomization.yaml");
  }
}

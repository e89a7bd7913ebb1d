package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  @DisplayName("the files are read the same way from inside a jar, as in the shaded capstan.jar")
  void readsFromAJar(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("example.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(ExampleApplication.FOLDER + "/"));
      for (var file :
          Map.of("kustomization.yaml", "resources: [a.yaml]\n", "a.yaml", "a: 1\n").entrySet()) {
        out.putNextEntry(new JarEntry(ExampleApplication.FOLDER + "/" + file.getKey()));
        out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(ExampleApplication.files(loader))
          .containsExactly(
              Map.entry("a.yaml", "a: 1\n"),
              Map.entry("kustomization.yaml", "resources: [a.yaml]\n"));
    }
  }
}

package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded demo application is the repository's {@code examples/webapp}, file for file, read
 * from a jar without a zip {@code FileSystem} ({@link EmbeddedFolder}).
 */
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

  @Test
  @DisplayName(
      "from a jar: subfolders are read, a sibling folder that shares the name's prefix is not")
  void jarSubfoldersAndSiblings(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("nested.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String dir : List.of("app/", "app/base/", "app-other/")) {
        out.putNextEntry(new JarEntry(dir));
      }
      for (var file :
          Map.of(
                  "app/kustomization.yaml", "resources: [base/a.yaml]\n",
                  "app/base/a.yaml", "a: 1\n",
                  "app-other/b.yaml", "b: 2\n")
              .entrySet()) {
        out.putNextEntry(new JarEntry(file.getKey()));
        out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(EmbeddedFolder.files(loader, "app"))
          .containsExactly(
              Map.entry("base/a.yaml", "a: 1\n"),
              Map.entry("kustomization.yaml", "resources: [base/a.yaml]\n"));
    }
  }

  /**
   * Reads the example application from a jar in a fresh JVM on this module's classpath (which holds
   * Apache MINA sshd's SFTP {@code FileSystemProvider}, as the shaded jar does) and prints the
   * names of the threads then running.
   */
  public static void main(String[] args) throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()}, null)) {
      System.out.println("files " + ExampleApplication.files(loader).keySet());
    }
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      System.out.println("thread " + thread.getName());
    }
  }

  @Test
  @DisplayName(
      "reading from a jar instantiates no FileSystemProvider: no sshd SFTP provider, no SSH client"
          + " thread (issue #19, run --local idle memory)")
  void jarReadStartsNoSshClient(@TempDir Path tmp) throws Exception {
    Path jar = tmp.resolve("example.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(ExampleApplication.FOLDER + "/"));
      out.putNextEntry(new JarEntry(ExampleApplication.FOLDER + "/kustomization.yaml"));
      out.write("resources: []\n".getBytes(StandardCharsets.UTF_8));
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExampleApplicationTest.class.getName(),
                jar.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("files [kustomization.yaml]").doesNotContain("thread sshd-");
  }
}

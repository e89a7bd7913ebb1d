package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End-to-end feature table. Each row is a small kustomization tree (test resources {@code
 * features/<case>/in}) copied into a temporary directory and built in-process; the output must
 * equal, byte for byte, what {@code kubectl kustomize} v5.5 printed for the same tree ({@code
 * expected.yaml}). A second pass compares with the local kubectl when there is one.
 */
class KustomizerFeatureTest {
  @TempDir Path tmp;

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path features = Path.of(KustomizerFeatureTest.class.getResource("/features").toURI());
    try (Stream<Path> dirs = Files.list(features)) {
      return dirs
          .sorted()
          .map(
              d -> {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(d.resolve("case.properties"))) {
                  p.load(in);
                  return Arguments.of(
                      d.getFileName().toString(),
                      p.getProperty("behaviour"),
                      p.getProperty("buildDir"),
                      d);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList()
          .stream();
    }
  }

  private Path copyInput(Path caseDir) throws IOException {
    Path in = caseDir.resolve("in");
    try (Stream<Path> files = Files.walk(in)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = tmp.resolve(in.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    return tmp;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @DisplayName("builds exactly like kustomize v5.5")
  void buildsLikeKustomize(String name, String behaviour, String buildDir, Path caseDir)
      throws IOException {
    Path root = copyInput(caseDir);
    String expected = Files.readString(caseDir.resolve("expected.yaml"), StandardCharsets.UTF_8);
    String out = Kustomizer.render(Kustomizer.create().build(root.resolve(buildDir)));
    assertThat(out).as(behaviour).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("agrees with the local kubectl kustomize (skipped without kubectl)")
  void agreesWithKubectl(String name, String behaviour, String buildDir, Path caseDir)
      throws Exception {
    Assumptions.assumeTrue(kubectlAvailable(), "kubectl not on PATH");
    Path root = copyInput(caseDir).resolve(buildDir);
    Process p =
        new ProcessBuilder("kubectl", "kustomize", root.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Assumptions.assumeTrue(p.exitValue() == 0, "kubectl kustomize failed");
    assertThat(Kustomizer.render(Kustomizer.create().build(root))).as(behaviour).isEqualTo(theirs);
  }

  static boolean kubectlAvailable() {
    try {
      Process p =
          new ProcessBuilder("kubectl", "version", "--client")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}

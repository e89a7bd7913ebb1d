package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.kustomize.engine.remote.RemoteLoading;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance beyond kustomize's public test set (issue #18 item 4). Each row is a kustomization
 * tree under test resources {@code gaps/<case>/in}; the build must print exactly {@code
 * expected.yaml}, or fail with a message containing {@code expected-error.txt} — both recorded from
 * {@code kubectl kustomize} (kustomize v5.5) on the same tree.
 */
class KustomizeGapTest {
  @TempDir Path tmp;

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path gaps = Path.of(KustomizeGapTest.class.getResource("/gaps").toURI());
    try (Stream<Path> dirs = Files.list(gaps)) {
      return dirs.sorted().map(d -> Arguments.of(d.getFileName().toString(), d)).toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("behaves as kustomize v5.5")
  void behavesAsKustomize(String name, Path caseDir) throws IOException {
    Path in = caseDir.resolve("in");
    try (Stream<Path> files = Files.walk(in)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = tmp.resolve(in.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    Kustomizer k =
        Kustomizer.create(Kustomizer.Options.defaults().withRemote(RemoteLoading.disabled()));
    Path error = caseDir.resolve("expected-error.txt");
    if (Files.exists(error)) {
      String expected = Files.readString(error, StandardCharsets.UTF_8).strip();
      assertThatThrownBy(() -> k.build(tmp))
          .isInstanceOf(KustomizeException.class)
          .hasMessageContaining(expected);
    } else {
      String expected = Files.readString(caseDir.resolve("expected.yaml"), StandardCharsets.UTF_8);
      assertThat(Kustomizer.render(k.build(tmp))).isEqualTo(expected);
    }
  }
}

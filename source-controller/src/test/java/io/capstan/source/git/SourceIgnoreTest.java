package io.capstan.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceIgnoreTest {

  static Stream<Arguments> specCases() {
    String deployOnly = "# exclude all\n/*\n# include deploy dir\n!/deploy\n/deploy/**/*.md\n";
    return Stream.of(
        // defaults (no patterns at all)
        Arguments.of(null, ".git/config", false, true),
        Arguments.of(null, ".git", true, true),
        Arguments.of(null, ".gitignore", false, true),
        Arguments.of(null, "sub/.gitmodules", false, true),
        Arguments.of(null, "img/logo.png", false, true),
        Arguments.of(null, "bundle.tar.gz", false, true),
        Arguments.of(null, ".github/workflows/ci.yaml", false, true),
        Arguments.of(null, "apps/.github/x.yaml", false, true),
        Arguments.of(null, "apps/.sops.yaml", false, true),
        Arguments.of(null, ".flux.yaml", false, true),
        Arguments.of(null, "deploy/app.yaml", false, false),
        Arguments.of(null, "README.md", false, false),
        Arguments.of(null, "sub/.git", false, true),
        // spec.ignore replaces the defaults but never the VCS patterns
        Arguments.of("*.txt\n", "notes.txt", false, true),
        Arguments.of("*.txt\n", "img/logo.png", false, false),
        Arguments.of("*.txt\n", ".git/HEAD", false, true),
        Arguments.of("*.txt\n", "a/b/c.txt", false, true),
        // Flux's documented example
        Arguments.of(deployOnly, "README.md", false, true),
        Arguments.of(deployOnly, "src/main.go", false, true),
        Arguments.of(deployOnly, "deploy/app.yaml", false, false),
        Arguments.of(deployOnly, "deploy/base/kustomization.yaml", false, false),
        Arguments.of(deployOnly, "deploy/docs/guide.md", false, true),
        Arguments.of(deployOnly, "deploy/logo.png", false, false),
        // directory-only patterns
        Arguments.of("build/\n", "build", true, true),
        Arguments.of("build/\n", "build", false, false),
        Arguments.of("build/\n", "build/out.bin", false, true),
        // negation after exclusion
        Arguments.of("*.yaml\n!keep.yaml\n", "keep.yaml", false, false),
        Arguments.of("*.yaml\n!keep.yaml\n", "drop.yaml", false, true),
        // an empty spec.ignore counts as no patterns
        Arguments.of("", "logo.png", false, true));
  }

  @ParameterizedTest(name = "ignore={0} path={1} dir={2} -> ignored={3}")
  @MethodSource("specCases")
  @DisplayName("applies Flux's defaults, VCS exclusions and spec.ignore with gitignore semantics")
  void specIgnore(String spec, String path, boolean dir, boolean ignored) {
    assertThat(SourceIgnore.of(spec).isIgnored(path, dir)).isEqualTo(ignored);
  }

  @Test
  @DisplayName("nested .sourceignore files are scoped to their directory; spec.ignore comes last")
  void nestedFiles(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve(".sourceignore"), "*.md\n");
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/.sourceignore"), "!keep.md\n/local.txt\n");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/.sourceignore"), "*\n");

    SourceIgnore rules = SourceIgnore.load(root, "secret.md\n");

    assertThat(rules.isIgnored("README.md", false)).isTrue();
    assertThat(rules.isIgnored("docs/keep.md", false)).isFalse();
    assertThat(rules.isIgnored("other/keep.md", false)).isTrue();
    assertThat(rules.isIgnored("docs/local.txt", false)).isTrue();
    assertThat(rules.isIgnored("local.txt", false)).isFalse();
    assertThat(rules.isIgnored("docs/secret.md", false)).isTrue();
    assertThat(rules.isIgnored("app.yaml", false)).isFalse();
    assertThat(rules.isIgnored("logo.png", false))
        .as("defaults are replaced once any pattern exists")
        .isFalse();
  }

  @Test
  @DisplayName("the file-system filter reads directories from disk")
  void filter(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("build"));
    Files.writeString(root.resolve("build.txt"), "x");
    var filter = SourceIgnore.of("build/\n").filter(root);

    assertThat(filter.test(Path.of("build"))).isFalse();
    assertThat(filter.test(Path.of("build.txt"))).isTrue();
  }
}

package io.capstan.kustomize.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Git repository URLs in kustomize v5.5's syntax (api/internal/git/repospec.go). */
class RepoSpecTest {

  static Stream<Arguments> repositories() {
    return Stream.of(
        // location, clone URL, kustomization root, ref
        Arguments.of(
            "https://github.com/org/repo//deploy/base?ref=v1",
            "https://github.com/org/repo",
            "deploy/base",
            "v1"),
        Arguments.of(
            "github.com/org/repo/deploy/base", "https://github.com/org/repo", "deploy/base", ""),
        Arguments.of("github.com:org/repo", "https://github.com/org/repo", "", ""),
        Arguments.of(
            "git@github.com:org/repo.git/path?version=v2",
            "git@github.com:org/repo.git",
            "path",
            "v2"),
        Arguments.of("ssh://git@github.com/org/repo", "git@github.com:org/repo", "", ""),
        Arguments.of("git@gitlab.com:org/repo//x", "git@gitlab.com:org/repo", "x", ""),
        Arguments.of("ssh://git@host.xz/org/repo//dir", "ssh://git@host.xz/org/repo", "dir", ""),
        Arguments.of(
            "ssh://git@host.xz:2222/org/repo.git?ref=main",
            "ssh://git@host.xz:2222/org/repo.git",
            "",
            "main"),
        Arguments.of(
            "git::https://host.xz/org/repo.git//x/y?ref=main",
            "https://host.xz/org/repo.git",
            "x/y",
            "main"),
        Arguments.of(
            "https://dev.azure.com/org/project/_git/repo/path/to",
            "https://dev.azure.com/org/project/_git/repo",
            "path/to",
            ""),
        Arguments.of(
            "https://example.com/org/repo?ref=v1", "https://example.com/org/repo", "", "v1"),
        Arguments.of(
            "https://example.com/org/repo/a/b?version=x&ref=y",
            "https://example.com/org/repo",
            "a/b",
            "y"),
        Arguments.of(
            "http://127.0.0.1:8080/base.git//deploy?ref=v1",
            "http://127.0.0.1:8080/base.git",
            "deploy",
            "v1"),
        Arguments.of("http://127.0.0.1:8080/a/b/c//d", "http://127.0.0.1:8080/a/b/c", "d", ""),
        Arguments.of("file:///srv/repos/base//overlay", "file:///srv/repos/base", "overlay", ""),
        Arguments.of("file:///srv/repos/base", "file:///srv/repos/base", "", ""),
        Arguments.of(
            "https://example.com/org/repo/x/../y?ref=v1",
            "https://example.com/org/repo",
            "x/../y",
            "v1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositories")
  @DisplayName("splits a repository URL into clone URL, kustomization root and ref")
  void parses(String location, String cloneUrl, String root, String ref) {
    RepoSpec spec = RepoSpec.parse(location).orElseThrow();
    assertThat(spec.cloneUrl()).isEqualTo(cloneUrl);
    assertThat(spec.kustRootPath()).isEqualTo(root);
    assertThat(spec.ref()).isEqualTo(ref);
    assertThat(spec.raw()).isEqualTo(location);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "base",
        "../base",
        "./overlays/prod",
        "/abs/path",
        "deployment.yaml",
        "https://example.com",
        "https://example.com/",
        "https://example.com/org",
        "https://example.com/org/repo/../../etc",
        "ftp://example.com/org/repo",
        "example.com/org/repo"
      })
  @DisplayName("is not a repository: local paths, URLs without a repository, paths leaving it")
  void notRepositories(String location) {
    assertThat(RepoSpec.parse(location)).isEmpty();
  }

  @Test
  @DisplayName("reads timeout and submodules as kustomize does, with its defaults")
  void queryParameters() {
    RepoSpec defaults = RepoSpec.parse("https://h/o/r").orElseThrow();
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(27));
    assertThat(defaults.submodules()).isTrue();

    RepoSpec set = RepoSpec.parse("https://h/o/r?timeout=61&submodules=false").orElseThrow();
    assertThat(set.timeout()).isEqualTo(Duration.ofSeconds(61));
    assertThat(set.submodules()).isFalse();

    assertThat(RepoSpec.parse("https://h/o/r?timeout=1m30s").orElseThrow().timeout())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(RepoSpec.parse("https://h/o/r?timeout=1500ms").orElseThrow().timeout())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(RepoSpec.parse("https://h/o/r?timeout=0").orElseThrow().timeout())
        .isEqualTo(Duration.ofSeconds(27));
    assertThat(RepoSpec.parse("https://h/o/r?timeout=soon").orElseThrow().timeout())
        .isEqualTo(Duration.ofSeconds(27));
    assertThat(RepoSpec.parse("https://h/o/r?submodules=maybe").orElseThrow().submodules())
        .isTrue();
    assertThat(RepoSpec.parse("https://h/o/r?submodules=0").orElseThrow().submodules()).isFalse();
  }
}

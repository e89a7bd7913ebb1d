package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionTest {

  static final String H = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "refs/heads/main, main@sha1:" + H,
    "refs/heads/feature/x, feature/x@sha1:" + H,
    "refs/tags/v1.2.3, v1.2.3@sha1:" + H,
    "refs/pull/1/head, 1/head@sha1:" + H,
    "HEAD, sha1:" + H,
    "'', sha1:" + H
  })
  @DisplayName("short revisions keep what follows the second slash, as Flux's Commit.String")
  void shortForm(String ref, String expected) {
    assertThat(Revision.shortForm(ref, H)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "main@sha1:" + H,
    "feature/branch@sha1:" + H,
    "sha1:" + H,
    "main/" + H,
    "feature/branch/" + H,
    H
  })
  @DisplayName("the hash is found in every current and legacy revision form")
  void hashOf(String revision) {
    assertThat(Revision.hashOf(revision)).isEqualTo(H);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "main/" + H + ", main@sha1:" + H,
    "feature/x/" + H + ", feature/x@sha1:" + H,
    "main@sha1:" + H + ", main@sha1:" + H,
    H + ", sha1:" + H
  })
  @DisplayName("legacy '<ref>/<hex>' revisions normalise to '<ref>@sha1:<hex>'")
  void normalize(String legacy, String expected) {
    assertThat(Revision.normalize(legacy)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "branch, main, refs/heads/main, main@sha1:" + H,
    "tag, v1, refs/tags/v1, v1@sha1:" + H,
    "name, refs/pull/1/head, refs/pull/1/head, refs/pull/1/head@sha1:" + H,
    "commit, " + H + ", , sha1:" + H
  })
  @DisplayName("a reference given by name reports the absolute revision, others the short one")
  void byKind(String kind, String value, String ref, String expected) {
    GitReference r =
        switch (kind) {
          case "branch" -> GitReference.branch(value);
          case "tag" -> GitReference.tag(value);
          case "name" -> GitReference.name(value);
          default -> GitReference.commit(value);
        };
    assertThat(Revision.of(r, ref, H)).isEqualTo(expected);
  }
}

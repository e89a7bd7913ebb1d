package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitReferenceTest {

  @ParameterizedTest(name = "branch={0} tag={1} semver={2} name={3} commit={4} -> {5}")
  @CsvSource({
    ",,,,, BRANCH, refs/heads/master",
    "main,,,,, BRANCH, refs/heads/main",
    "main, v1,,,, TAG, refs/tags/v1",
    "main, v1, >=1,,, SEMVER, ",
    "main, v1, >=1, refs/pull/1/head,, NAME, refs/pull/1/head",
    "main, v1, >=1, refs/pull/1/head, abc123, COMMIT, refs/heads/main",
    ",,,, abc123, COMMIT, ",
    "'  ', '', ,,, BRANCH, refs/heads/master"
  })
  @DisplayName("precedence is commit > name > semver > tag > branch, default master")
  void precedence(
      String branch,
      String tag,
      String semver,
      String name,
      String commit,
      GitReference.Kind kind,
      String remoteRef) {
    GitReference r = new GitReference(branch, tag, semver, name, commit);
    assertThat(r.kind()).isEqualTo(kind);
    assertThat(r.remoteRefName()).isEqualTo(remoteRef);
  }

  @Test
  @DisplayName("a commit must be hexadecimal")
  void commitMustBeHex() {
    assertThatThrownBy(() -> GitReference.commit("main"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GitReference.commit("ABCDEF12").commit()).isEqualTo("abcdef12");
  }
}

package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reference kind against a real smart-HTTP server on 127.0.0.1. */
class GitCheckoutRefsTest {

  @TempDir static Path root;
  static GitHttpServer server;
  static Repository served;
  static String url;
  static String c1;
  static String c2;
  static String c3;
  static String feature;
  static String pull;
  static String v2tag;

  @BeforeAll
  static void repository() throws Exception {
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      c1 = repo.commit("master", Map.of("a.txt", "one"), "first");
      c2 = repo.commit("master", Map.of("a.txt", "two"), "second");
      c3 = repo.commit("master", Map.of("a.txt", "three", "b/c.txt", "c"), "third");
      feature = repo.commit("feature", Map.of("f.txt", "feature"), "feature work");
      pull = repo.commit("scratch", Map.of("p.txt", "pr"), "pull request head");
      repo.ref("refs/pull/1/head", pull);
      repo.lightweightTag("v1.0.0", c1);
      repo.lightweightTag("v1.1.0", c2);
      v2tag = repo.annotatedTag("v2.0.0", c3, null);
      repo.lightweightTag("v3.0.0-rc.1", c3);
      repo.lightweightTag("not-a-version", c3);
    }
    served = TestRepository.openForServing(root.resolve("repo.git"));
    server = GitHttpServer.builder().start().serve("repo", served);
    url = server.url("repo.git").toString();
  }

  @AfterAll
  static void stop() {
    server.close();
    served.close();
  }

  static Stream<Arguments> references() {
    return Stream.of(
        Arguments.of("default branch", GitReference.defaultBranch(), "master@sha1:", "c3", "three"),
        Arguments.of("branch", GitReference.branch("feature"), "feature@sha1:", "feature", null),
        Arguments.of("lightweight tag", GitReference.tag("v1.1.0"), "v1.1.0@sha1:", "c2", "two"),
        Arguments.of("annotated tag", GitReference.tag("v2.0.0"), "v2.0.0@sha1:", "c3", "three"),
        Arguments.of("semver range", GitReference.semver("<2.0.0"), "v1.1.0@sha1:", "c2", "two"),
        Arguments.of("semver caret", GitReference.semver("^1.0"), "v1.1.0@sha1:", "c2", "two"),
        Arguments.of("semver any", GitReference.semver("*"), "v2.0.0@sha1:", "c3", "three"),
        Arguments.of(
            "name (pull request)",
            GitReference.name("refs/pull/1/head"),
            "refs/pull/1/head@sha1:",
            "pull",
            null),
        Arguments.of(
            "name (branch)",
            GitReference.name("refs/heads/master"),
            "refs/heads/master@sha1:",
            "c3",
            "three"),
        Arguments.of("commit only", GitReference.commit(c1Hash()), "sha1:", "c1", "one"),
        Arguments.of(
            "commit in branch",
            GitReference.commitInBranch(c2Hash(), "master"),
            "master@sha1:",
            "c2",
            "two"),
        Arguments.of(
            "commit beats every other field",
            new GitReference("master", "v1.0.0", "*", "refs/heads/feature", c2Hash()),
            "master@sha1:",
            "c2",
            "two"));
  }

  // Parameter sources run before @BeforeAll, so hashes are resolved lazily by marker.
  private static String c1Hash() {
    return "c1c1";
  }

  private static String c2Hash() {
    return "c2c2";
  }

  private static String resolve(String marker) {
    return switch (marker) {
      case "c1" -> c1;
      case "c2" -> c2;
      case "c3" -> c3;
      case "feature" -> feature;
      case "pull" -> pull;
      default -> throw new IllegalArgumentException(marker);
    };
  }

  private static GitReference concrete(GitReference r) {
    if (r.commit() == null) {
      return r;
    }
    String hash = r.commit().equals("c1c1") ? c1 : c2;
    return new GitReference(r.branch(), r.tag(), r.semver(), r.name(), hash);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  @DisplayName("checks out the commit each reference kind resolves to, with Flux's revision")
  void checksOut(
      String label,
      GitReference reference,
      String revisionPrefix,
      String expectedMarker,
      String aTxt,
      @TempDir Path dir)
      throws Exception {
    GitReference ref = concrete(reference);
    String expected = resolve(expectedMarker);

    CheckoutResult result = new GitCheckout().url(url).reference(ref).into(dir).call();

    assertThat(result).isInstanceOf(CheckoutResult.Checkout.class);
    CheckoutResult.Checkout checkout = (CheckoutResult.Checkout) result;
    assertThat(checkout.revision()).isEqualTo(revisionPrefix + expected);
    assertThat(checkout.commit().hash()).isEqualTo(expected);
    if (aTxt != null) {
      assertThat(dir.resolve("a.txt")).hasContent(aTxt);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  @DisplayName("each reference kind is recognised as unchanged without fetching objects")
  void unchangedForEveryKind(
      String label,
      GitReference reference,
      String revisionPrefix,
      String expectedMarker,
      String aTxt,
      @TempDir Path first,
      @TempDir Path second)
      throws Exception {
    GitReference ref = concrete(reference);
    CheckoutResult initial = new GitCheckout().url(url).reference(ref).into(first).call();
    server.requests().clear();

    CheckoutResult again =
        new GitCheckout()
            .url(url)
            .reference(ref)
            .lastObservedCommit(initial.revision())
            .into(second)
            .call();

    assertThat(again).isInstanceOf(CheckoutResult.Unchanged.class);
    assertThat(again.revision()).isEqualTo(initial.revision());
    assertThat(server.requests().uploadPacks()).isZero();
    assertThat(second).isEmptyDirectory();
  }

  @Test
  @DisplayName("an annotated tag checkout carries the tag object")
  void annotatedTagObject(@TempDir Path dir) throws Exception {
    var result =
        (CheckoutResult.Checkout)
            new GitCheckout().url(url).reference(GitReference.tag("v2.0.0")).into(dir).call();

    assertThat(result.commit().tag()).isNotNull();
    assertThat(result.commit().tag().hash()).isEqualTo(v2tag);
    assertThat(result.commit().tag().name()).isEqualTo("v2.0.0");
    assertThat(result.commit().reference()).isEqualTo("refs/tags/v2.0.0");
  }

  @Test
  @DisplayName("a branch checkout is shallow by default and complete when asked")
  void shallowByDefault(@TempDir Path shallowDir, @TempDir Path fullDir) throws Exception {
    new GitCheckout().url(url).into(shallowDir).call();
    new GitCheckout().url(url).shallow(false).into(fullDir).call();

    assertThat(shallowDir.resolve(".git/shallow")).exists();
    assertThat(Files.readString(shallowDir.resolve(".git/shallow")).strip()).isEqualTo(c3);
    assertThat(fullDir.resolve(".git/shallow")).doesNotExist();
  }

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of(GitReference.branch("nope"), "couldn't find remote ref 'refs/heads/nope'"),
        Arguments.of(GitReference.tag("v9"), "couldn't find remote ref 'refs/tags/v9'"),
        Arguments.of(GitReference.semver(">=9.0.0"), "no match found for semver: >=9.0.0"),
        Arguments.of(GitReference.name("refs/pull/9/head"), "refs/pull/9/head"),
        Arguments.of(
            GitReference.commit("0123456789012345678901234567890123456789"),
            "unable to resolve commit object for '0123456789012345678901234567890123456789'"),
        Arguments.of(
            GitReference.commitInBranch("0123456789012345678901234567890123456789", "nope"),
            "couldn't find remote ref 'refs/heads/nope'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missing")
  @DisplayName("a reference the remote does not have fails with ReferenceNotFound")
  void missingReference(GitReference reference, String message, @TempDir Path dir) {
    assertThatThrownBy(() -> new GitCheckout().url(url).reference(reference).into(dir).call())
        .isInstanceOf(GitException.ReferenceNotFound.class)
        .hasMessageContaining(message)
        .extracting(e -> ((GitException) e).reason())
        .isEqualTo("GitOperationFailed");
  }

  @Test
  @DisplayName("a commit outside the given branch is refused")
  void commitNotInBranch(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .reference(GitReference.commitInBranch(feature, "master"))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.ReferenceNotFound.class)
        .hasMessageContaining("is not in 'refs/heads/master'");
  }
}

package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import java.nio.charset.StandardCharsets;
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

/**
 * Signed, unsigned and wrongly signed commits and tags, checked out over smart HTTP and verified
 * for each mode with keys generated in the test.
 */
class CommitVerifierTest {

  @TempDir static Path root;
  static GitHttpServer server;
  static Repository served;
  static PgpTestKey trusted;
  static PgpTestKey stranger;
  static CommitVerifier verifier;

  @BeforeAll
  static void repository() throws Exception {
    trusted = PgpTestKey.generate("Trusted <trusted@example.com>");
    stranger = PgpTestKey.generate("Stranger <stranger@example.com>");
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      String signed = repo.commit("signed", Map.of("a", "1"), Map.of(), "signed", trusted::sign);
      repo.commit("unsigned", Map.of("a", "2"), "unsigned");
      repo.commit("wrong", Map.of("a", "3"), Map.of(), "wrongly signed", stranger::sign);
      String plain = repo.commit("plain", Map.of("a", "4"), "plain");
      repo.annotatedTag("v1-signed", signed, trusted::sign);
      repo.annotatedTag("v2-signed-tag-only", plain, trusted::sign);
      repo.annotatedTag("v3-unsigned-tag", signed, null);
      repo.annotatedTag("v4-wrong-tag", signed, stranger::sign);
      repo.lightweightTag("v5-light", signed);
      repo.annotatedTag("v1.2.0", signed, trusted::sign);
    }
    served = TestRepository.openForServing(root.resolve("repo.git"));
    server = GitHttpServer.builder().start().serve("repo", served);
    verifier =
        CommitVerifier.fromSecret(
            Map.of(
                "author.asc", trusted.armoredPublicRing(),
                "unrelated", "not a key".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterAll
  static void stop() {
    server.close();
    served.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(GitReference.branch("signed"), "HEAD", null),
        Arguments.of(GitReference.branch("signed"), "head", null),
        Arguments.of(GitReference.branch("unsigned"), "HEAD", "InvalidCommitSignature"),
        Arguments.of(GitReference.branch("wrong"), "HEAD", "InvalidCommitSignature"),
        Arguments.of(GitReference.tag("v1-signed"), "Tag", null),
        Arguments.of(GitReference.tag("v1-signed"), "TagAndHEAD", null),
        Arguments.of(GitReference.tag("v2-signed-tag-only"), "Tag", null),
        Arguments.of(
            GitReference.tag("v2-signed-tag-only"), "TagAndHEAD", "InvalidCommitSignature"),
        Arguments.of(GitReference.tag("v3-unsigned-tag"), "Tag", "InvalidGitObject"),
        Arguments.of(GitReference.tag("v3-unsigned-tag"), "HEAD", null),
        Arguments.of(GitReference.tag("v4-wrong-tag"), "Tag", "InvalidTagSignature"),
        Arguments.of(GitReference.tag("v5-light"), "Tag", "InvalidVerificationMode"),
        Arguments.of(GitReference.semver("1.x"), "TagAndHEAD", null),
        Arguments.of(GitReference.name("refs/tags/v1-signed"), "Tag", null),
        Arguments.of(GitReference.branch("signed"), "Tag", "InvalidVerificationMode"));
  }

  @ParameterizedTest(name = "{0} with mode {1} -> {2}")
  @MethodSource("cases")
  @DisplayName("verifies exactly what the mode asks for, with Flux's failure reasons")
  void verifies(GitReference ref, String mode, String failureReason, @TempDir Path dir)
      throws Exception {
    var checkout =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(server.url("repo.git").toString())
                .reference(ref)
                .into(dir)
                .call();
    VerificationMode m = VerificationMode.parse(mode);

    if (failureReason == null) {
      Verification v = verifier.verify(checkout.commit(), m);
      assertThat(v.verified()).isNotEmpty().allMatch(x -> x.keyId().equals(trusted.keyId()));
      assertThat(v.verified()).hasSize(m == VerificationMode.TAG_AND_HEAD ? 2 : 1);
      assertThat(v.message()).startsWith("verified signature of\n\t- ");
    } else {
      assertThatThrownBy(() -> verifier.verify(checkout.commit(), m))
          .isInstanceOf(VerificationException.class)
          .extracting(e -> ((VerificationException) e).reason())
          .isEqualTo(failureReason);
    }
  }

  @Test
  @DisplayName("the success message names the tag and commit with the key, tag first")
  void message(@TempDir Path dir) throws Exception {
    var checkout =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(server.url("repo.git").toString())
                .reference(GitReference.tag("v1-signed"))
                .into(dir)
                .call();
    Commit c = checkout.commit();

    Verification v = verifier.verify(c, VerificationMode.TAG_AND_HEAD);

    assertThat(v.message())
        .isEqualTo(
            "verified signature of\n\t- tag '"
                + c.tag()
                + "' with key '"
                + trusted.keyId()
                + "'\n\t- commit '"
                + c.hash()
                + "' with key '"
                + trusted.keyId()
                + "'");
  }

  @Test
  @DisplayName("a tampered payload no longer verifies")
  void tampered(@TempDir Path dir) throws Exception {
    var checkout =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(server.url("repo.git").toString())
                .reference(GitReference.branch("signed"))
                .into(dir)
                .call();
    Commit c = checkout.commit();
    byte[] payload = c.signedPayload();
    payload[payload.length - 2] ^= 1;
    Commit forged =
        new Commit(
            c.hash(),
            c.reference(),
            c.author(),
            c.committer(),
            c.message(),
            c.signature(),
            payload,
            null);

    assertThatThrownBy(() -> verifier.verify(forged, VerificationMode.HEAD))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("unable to verify payload with any of the given key rings");
  }

  @Test
  @DisplayName("a tag mode without a tag is a stalling error")
  void stalling() {
    var ex = new VerificationException(VerificationException.INVALID_VERIFICATION_MODE, "x");
    assertThat(ex.isStalling()).isTrue();
    assertThat(new VerificationException("InvalidGitObject", "x").isStalling()).isFalse();
  }

  @Test
  @DisplayName("an unreadable key ring under an .asc key is rejected, naming the key")
  void badKeyRing() {
    assertThatThrownBy(
            () ->
                CommitVerifier.fromSecret(
                    Map.of("broken.asc", "garbage".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.asc");
  }
}

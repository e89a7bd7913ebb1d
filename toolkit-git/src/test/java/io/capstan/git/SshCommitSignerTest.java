package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Commits signed by {@link SshCommitSigner} with keys made by the real {@code ssh-keygen}, verified
 * by the real {@code git verify-commit} ({@code gpg.format=ssh}, an allowed-signers file) and by
 * {@link CommitVerifier}.
 */
class SshCommitSignerTest {

  private static boolean available(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs a command; returns its exit code and output. */
  private static Map.Entry<Integer, String> run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return Map.entry(p.exitValue(), out);
  }

  private static void keygen(Path dir, String type, String passphrase, String name)
      throws Exception {
    var r = run(dir, "ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", name);
    assertThat(r.getKey()).as(r.getValue()).isZero();
  }

  private static RevCommit signedCommit(Path work, SshCommitSigner signer) throws Exception {
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("app.yaml"), "image: ghcr.io/app:1.1.0\n");
      git.add().addFilepattern("app.yaml").call();
      PersonIdent bot = new PersonIdent("Flux Bot", "flux@example.com");
      return git.commit()
          .setAuthor(bot)
          .setCommitter(bot)
          .setMessage("Update from image update automation")
          .setSign(true)
          .setSigner(signer)
          .call();
    }
  }

  @ParameterizedTest(name = "{0} (passphrase: {1})")
  @CsvSource({"ed25519, ''", "ed25519, s3cret", "ecdsa, ''", "rsa, s3cret"})
  @DisplayName("a signed commit passes `git verify-commit` with gpg.format=ssh and CommitVerifier")
  void gitVerifiesCommit(String type, String passphrase, @TempDir Path tmp) throws Exception {
    assumeTrue(available("ssh-keygen", "-?"), "ssh-keygen is not installed");
    assumeTrue(available("git", "--version"), "git is not installed");
    keygen(tmp, type, passphrase, "signer");
    keygen(tmp, type, "", "other");
    Map<String, byte[]> secret =
        passphrase.isEmpty()
            ? Map.of("identity", Files.readAllBytes(tmp.resolve("signer")))
            : Map.of(
                "identity",
                Files.readAllBytes(tmp.resolve("signer")),
                "password",
                passphrase.getBytes(StandardCharsets.UTF_8));
    SshCommitSigner signer = SshCommitSigner.fromSecret(secret);
    String publicKey = Files.readString(tmp.resolve("signer.pub")).strip();
    assertThat(publicKey).startsWith(signer.publicKey());
    assertThat(signer.toString()).startsWith("SshCommitSigner[SHA256:").doesNotContain("PRIVATE");

    Path work = tmp.resolve("work");
    RevCommit commit = signedCommit(work, signer);
    assertThat(commit.getRawGpgSignature()).isNotNull();
    assertThat(new String(commit.getRawGpgSignature(), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN SSH SIGNATURE-----\n")
        .endsWith("-----END SSH SIGNATURE-----"); // JGit drops the header's last newline

    Files.writeString(tmp.resolve("allowed"), "flux@example.com " + publicKey + "\n");
    Files.writeString(
        tmp.resolve("others"),
        "flux@example.com " + Files.readString(tmp.resolve("other.pub")).strip() + "\n");
    var verified = verifyCommit(work, tmp.resolve("allowed"));
    assertThat(verified.getKey()).as(verified.getValue()).isZero();
    assertThat(verified.getValue())
        .contains("Good \"git\" signature for flux@example.com")
        .contains(signer.fingerprint());
    var refused = verifyCommit(work, tmp.resolve("others"));
    assertThat(refused.getKey()).as(refused.getValue()).isNotZero();

    try (var repo = Git.open(work.toFile());
        var walk = new org.eclipse.jgit.revwalk.RevWalk(repo.getRepository())) {
      Commit read = CommitReader.commit(walk.parseCommit(commit.getId()), null, null);
      Verification v =
          CommitVerifier.fromSecret(Map.of("signer.sshpub", publicKey.getBytes()))
              .verify(read, VerificationMode.HEAD);
      assertThat(v.verified())
          .singleElement()
          .satisfies(x -> assertThat(x.keyId()).isEqualTo(signer.fingerprint()));
    }
  }

  private static Map.Entry<Integer, String> verifyCommit(Path work, Path allowedSigners)
      throws Exception {
    return run(
        work,
        "git",
        "-c",
        "gpg.format=ssh",
        "-c",
        "gpg.ssh.allowedSignersFile=" + allowedSigners,
        "verify-commit",
        "-v",
        "HEAD");
  }

  @Test
  @DisplayName("a secret without identity, garbage, a wrong or missing passphrase: InvalidAuth")
  void badKeys(@TempDir Path tmp) throws Exception {
    assumeTrue(available("ssh-keygen", "-?"), "ssh-keygen is not installed");
    assertThatThrownBy(() -> SshCommitSigner.fromSecret(Map.of()))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'identity'");
    assertThatThrownBy(() -> SshCommitSigner.fromSecret(Map.of("identity", "not a key".getBytes())))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("cannot parse 'identity'");
    keygen(tmp, "ed25519", "right-pass", "locked");
    byte[] locked = Files.readAllBytes(tmp.resolve("locked"));
    assertThatThrownBy(() -> SshCommitSigner.fromSecret(Map.of("identity", locked)))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("needs a 'password' field");
    assertThatThrownBy(
            () ->
                SshCommitSigner.fromSecret(
                    Map.of("identity", locked, "password", "wrong-pass".getBytes())))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("with the given 'password'")
        .hasMessageNotContaining("wrong-pass");
    var small = run(tmp, "ssh-keygen", "-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", "small");
    if (small.getKey() == 0) { // newer ssh-keygen refuses RSA keys under 1024 bits only
      assertThatThrownBy(
              () ->
                  SshCommitSigner.fromSecret(
                      Map.of("identity", Files.readAllBytes(tmp.resolve("small")))))
          .isInstanceOf(GitException.InvalidAuth.class)
          .hasMessageContaining("at least 2048 bits");
    }
  }
}

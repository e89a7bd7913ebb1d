package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSH-signed commits made by the real {@code ssh-keygen -Y sign -n git} (what {@code git commit -S}
 * runs with {@code gpg.format=ssh}), verified against {@code .sshpub} keys.
 */
class SshSignatureTest {

  private static boolean sshKeygenAvailable() {
    try {
      Process p = new ProcessBuilder("ssh-keygen", "-?").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static byte[] sign(Path dir, Path key, byte[] payload) {
    try {
      Path file = Files.createTempFile(dir, "payload", ".txt");
      Files.write(file, payload);
      run(
          dir,
          "ssh-keygen",
          "-q",
          "-Y",
          "sign",
          "-n",
          "git",
          "-f",
          key.toString(),
          file.toString());
      return Files.readAllBytes(Path.of(file + ".sig"));
    } catch (Exception e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  @DisplayName("a commit signed with ssh-keygen verifies with its .sshpub key, not with another")
  void sshSignedCommit(String type, @TempDir Path tmp) throws Exception {
    assumeTrue(sshKeygenAvailable(), "ssh-keygen is not installed");
    run(tmp, "ssh-keygen", "-q", "-t", type, "-N", "", "-C", "signer", "-f", "signer");
    run(tmp, "ssh-keygen", "-q", "-t", type, "-N", "", "-C", "other", "-f", "other");
    Path signer = tmp.resolve("signer");
    Commit commit;
    try (TestRepository repo = TestRepository.createBare(tmp.resolve("repo.git"))) {
      String hash =
          repo.commit("main", Map.of("a", "b"), Map.of(), "ssh signed", p -> sign(tmp, signer, p));
      try (RevWalk walk = new RevWalk(repo.repository())) {
        commit = CommitReader.commit(walk.parseCommit(ObjectId.fromString(hash)), null, null);
      }
    }
    assertThat(commit.signature()).startsWith("-----BEGIN SSH SIGNATURE-----");

    CommitVerifier trusting =
        CommitVerifier.fromSecret(
            Map.of("signer.sshpub", Files.readAllBytes(tmp.resolve("signer.pub"))));
    Verification v = trusting.verify(commit, VerificationMode.HEAD);
    assertThat(v.verified())
        .singleElement()
        .satisfies(x -> assertThat(x.keyId()).startsWith("SHA256:"));

    CommitVerifier other =
        CommitVerifier.fromSecret(
            Map.of("other.sshpub", Files.readAllBytes(tmp.resolve("other.pub"))));
    assertThatThrownBy(() -> other.verify(commit, VerificationMode.HEAD))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("unable to verify payload with any of the given authorized keys");
  }
}

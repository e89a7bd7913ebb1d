package io.capstan.testing.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestGitRepositoryTest {

  @TempDir Path tmp;
  private TestGitRepository repo;

  @BeforeEach
  void create() {
    repo = TestGitRepository.create(tmp.resolve("fixture.git"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  @DisplayName("commits layer file changes over the branch head, including deletions")
  void commitsOverlayTheirParent() {
    RevCommit first = repo.commit("main", "first", Map.of("a.yaml", "a: 1", "dir/b.yaml", "b: 1"));
    RevCommit second =
        repo.newCommit("main")
            .file("a.yaml", "a: 2")
            .delete("dir/b.yaml")
            .message("second")
            .create();

    assertThat(repo.files(first))
        .containsOnly(Map.entry("a.yaml", "a: 1"), Map.entry("dir/b.yaml", "b: 1"));
    assertThat(repo.files(second)).containsOnly(Map.entry("a.yaml", "a: 2"));
    assertThat(second.getParents()).containsExactly(first);
    assertThat(second.getFullMessage()).isEqualTo("second\n");
    assertThat(repo.head("main")).isEqualTo(second);
    assertThatThrownBy(() -> repo.newCommit("main").delete("missing").create())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("branches, lightweight tags and annotated tags point where they should")
  void branchesAndTags() throws Exception {
    RevCommit base = repo.commit("main", "base", Map.of("f", "1"));
    repo.branch("feature", base);
    RevCommit onFeature = repo.commit("feature", "feature work", Map.of("g", "2"));

    Ref light = repo.lightweightTag("v0.1.0", base);
    Ref annotated = repo.annotatedTag("v0.2.0", onFeature, "release 0.2.0");

    assertThat(repo.head("main")).isEqualTo(base);
    assertThat(repo.files(repo.head("feature"))).containsKeys("f", "g");
    assertThat(light.getObjectId()).isEqualTo(base);
    try (RevWalk walk = new RevWalk(repo.repository())) {
      assertThat(walk.parseAny(light.getObjectId())).isInstanceOf(RevCommit.class);
      RevTag tag = walk.parseTag(annotated.getObjectId());
      assertThat(tag.getObject()).isEqualTo(onFeature);
      assertThat(tag.getFullMessage()).isEqualTo("release 0.2.0\n");
      assertThat(tag.getTagName()).isEqualTo("v0.2.0");
    }
    assertThat(repo.repository().getRefDatabase().getRefsByPrefix(Constants.R_TAGS)).hasSize(2);
  }

  @Test
  @DisplayName("a signed commit verifies with its key only, and not once its content changes")
  void signedCommitVerifies() {
    OpenPgpKey key = OpenPgpKey.generate("Signer", "signer@capstan.invalid");
    OpenPgpKey other = OpenPgpKey.generate("Other", "other@capstan.invalid");

    RevCommit commit = repo.newCommit("main").file("x", "1").signedWith(key).create();

    String signature = new String(commit.getRawGpgSignature(), StandardCharsets.US_ASCII);
    byte[] payload = TestGitRepository.signedPayload(commit);
    assertThat(signature).startsWith("-----BEGIN PGP SIGNATURE-----");
    assertThat(key.verifies(payload, signature)).isTrue();
    assertThat(other.verifies(payload, signature)).isFalse();
    byte[] tampered = payload.clone();
    tampered[tampered.length - 2] ^= 1;
    assertThat(key.verifies(tampered, signature)).isFalse();
    assertThat(key.armoredPublicKey()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    assertThat(key.fingerprint()).hasSize(40).endsWith(key.keyId());
  }

  @Test
  @DisplayName("signed commits and tags verify with the git CLI and GnuPG")
  void signaturesVerifyWithGitAndGpg() throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Signer", "signer@capstan.invalid");
    RevCommit commit = repo.newCommit("main").file("x", "1").signedWith(key).create();
    repo.signedTag("v1.0.0", commit, "signed release", key);
    RevCommit unsigned = repo.commit("main", "unsigned", Map.of("y", "2"));
    Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path publicKey = Files.writeString(tmp.resolve("key.asc"), key.armoredPublicKey());

    assertThat(run(gnupg, "gpg", "--batch", "--import", publicKey.toString())).isZero();
    assertThat(
            run(
                gnupg,
                "git",
                "--git-dir",
                repo.directory().toString(),
                "verify-commit",
                commit.name()))
        .isZero();
    assertThat(run(gnupg, "git", "--git-dir", repo.directory().toString(), "verify-tag", "v1.0.0"))
        .isZero();
    assertThat(
            run(
                gnupg,
                "git",
                "--git-dir",
                repo.directory().toString(),
                "verify-commit",
                unsigned.name()))
        .isNotZero();
  }

  private static int run(Path gnupgHome, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    builder.environment().put("GNUPGHOME", gnupgHome.toString());
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}

package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.OpenPgpKey;
import io.capstan.testing.git.SshKey;
import io.capstan.testing.git.TestGitRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clone, edit, commit (optionally signed) and push against toolkit-testing's in-process Git
 * servers, over HTTP with basic auth and over SSH with a key.
 */
class GitWorkspaceTest {

  static final String DEPLOYMENT =
      "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
          + "      containers:\n      - image: ghcr.io/app:1.0.0 # {\"$imagepolicy\": \"ns:app\"}\n";

  @TempDir Path root;
  TestGitRepository origin;
  GitHttpServer http;
  GitRemote remote;

  @BeforeEach
  void start() throws Exception {
    origin = TestGitRepository.create(root.resolve("origin.git"));
    origin.commit("main", "init", Map.of("deploy/app.yaml", DEPLOYMENT, "README.md", "hello\n"));
    http =
        GitHttpServer.builder()
            .basicAuth("flux", "s3cret-pass")
            .allowPush(true)
            .start()
            .serve("app", origin.repository());
    String url = http.url("app").toString();
    remote =
        new GitRemote(
            url,
            GitAuth.fromSecret(url, secret("username", "flux", "password", "s3cret-pass")),
            null,
            Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    http.close();
    origin.close();
  }

  private static Map<String, byte[]> secret(String... kv) {
    Map<String, byte[]> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static void bumpTag(Path workTree, String tag) throws Exception {
    Path file = workTree.resolve("deploy/app.yaml");
    Files.writeString(file, Files.readString(file).replaceAll("app:[0-9.]+", "app:" + tag));
  }

  private RevCommit remoteCommit(String branch) throws Exception {
    ObjectId head = origin.head(branch);
    try (RevWalk walk = new RevWalk(origin.repository())) {
      return walk.parseCommit(head);
    }
  }

  @Test
  @DisplayName(
      "an empty remote: cloning reports the missing branch; init + commit + push creates it")
  void initIntoEmptyRemote() throws Exception {
    try (TestGitRepository empty = TestGitRepository.create(root.resolve("empty.git"))) {
      http.serve("empty", empty.repository());
      String url = http.url("empty").toString();
      GitRemote emptyRemote =
          new GitRemote(
              url,
              GitAuth.fromSecret(url, secret("username", "flux", "password", "s3cret-pass")),
              null,
              Duration.ofSeconds(30));
      assertThatThrownBy(
              () ->
                  GitWorkspace.clone(
                      emptyRemote, GitReference.branch("main"), root.resolve("clone")))
          .isInstanceOf(GitException.ReferenceNotFound.class);

      try (GitWorkspace ws = GitWorkspace.init(emptyRemote, "main", root.resolve("init"))) {
        assertThat(ws.head()).isNull();
        assertThat(ws.cloned()).isNull();
        assertThat(ws.branch()).isEqualTo("main");
        Files.writeString(ws.directory().resolve("README.md"), "first\n");
        Optional<String> commit =
            ws.commit(GitCommitRequest.of("Flux", "flux@example.com", "first commit"));
        assertThat(commit).isPresent();
        assertThat(ws.head()).isEqualTo(commit.get());
        ws.push(List.of());
        assertThat(empty.head("main").name()).isEqualTo(commit.get());
        assertThat(empty.files(empty.head("main"))).containsEntry("README.md", "first\n");
      }
    }
  }

  @Test
  @DisplayName(
      "HTTP basic auth: clone, edit, commit as the author, push; the remote has the commit")
  void commitAndPushOverHttp() throws Exception {
    ObjectId before = origin.head("main");
    try (GitWorkspace ws =
        GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("ws"))) {
      assertThat(ws.branch()).isEqualTo("main");
      assertThat(ws.head()).isEqualTo(before.name());
      bumpTag(ws.directory(), "1.1.0");

      Optional<String> commit =
          ws.commit(GitCommitRequest.of("Flux Bot", "flux@example.com", "Update app to 1.1.0"));
      assertThat(commit).isPresent();
      ws.push(List.of());

      RevCommit pushed = remoteCommit("main");
      assertThat(pushed.name()).isEqualTo(commit.get());
      assertThat(pushed.getParent(0).name()).isEqualTo(before.name());
      assertThat(pushed.getFullMessage()).isEqualTo("Update app to 1.1.0");
      assertThat(pushed.getAuthorIdent().getName()).isEqualTo("Flux Bot");
      assertThat(pushed.getCommitterIdent().getEmailAddress()).isEqualTo("flux@example.com");
      assertThat(origin.files(pushed))
          .containsEntry("deploy/app.yaml", DEPLOYMENT.replace("app:1.0.0", "app:1.1.0"))
          .containsEntry("README.md", "hello\n");
    }
    assertThat(Files.readString(root.resolve("ws/.git/config"))).doesNotContain("s3cret-pass");
  }

  @Test
  @DisplayName("nothing changed: no commit is made and nothing is pushed")
  void noChangeNoCommit() throws Exception {
    ObjectId before = origin.head("main");
    try (GitWorkspace ws =
        GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("ws"))) {
      bumpTag(ws.directory(), "1.0.0"); // rewrites the same bytes
      assertThat(ws.commit(GitCommitRequest.of("Flux", "flux@example.com", "noop"))).isEmpty();
      assertThat(ws.head()).isEqualTo(before.name());
    }
    assertThat(http.requests().receivePacks()).isZero();
    assertThat(origin.head("main")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a push racing another writer is rejected as PushRejected; switchBranch refetches and the retry lands on top")
  void nonFastForwardIsTypedAndRetryable() throws Exception {
    try (GitWorkspace first =
            GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("one"));
        GitWorkspace second =
            GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("two"))) {
      bumpTag(first.directory(), "1.1.0");
      String winner =
          first.commit(GitCommitRequest.of("Flux", "flux@example.com", "first")).orElseThrow();
      first.push(List.of());

      Files.writeString(second.directory().resolve("other.txt"), "second writer\n");
      second.commit(GitCommitRequest.of("Flux", "flux@example.com", "second")).orElseThrow();
      assertThatThrownBy(() -> second.push(List.of()))
          .isInstanceOf(GitException.PushRejected.class)
          .hasMessageContaining("refs/heads/main")
          .hasMessageNotContaining("s3cret-pass")
          .satisfies(
              e ->
                  assertThat(((GitException.PushRejected) e).remoteRef())
                      .isEqualTo("refs/heads/main"));
      assertThat(origin.head("main").name()).isEqualTo(winner);

      second.switchBranch("main");
      assertThat(second.head()).isEqualTo(winner);
      assertThat(second.directory().resolve("other.txt")).doesNotExist();
      Files.writeString(second.directory().resolve("other.txt"), "second writer\n");
      String retried =
          second.commit(GitCommitRequest.of("Flux", "flux@example.com", "second")).orElseThrow();
      second.push(List.of());

      RevCommit head = remoteCommit("main");
      assertThat(head.name()).isEqualTo(retried);
      assertThat(head.getParent(0).name()).isEqualTo(winner);
      assertThat(origin.files(head))
          .containsEntry("other.txt", "second writer\n")
          .containsEntry("deploy/app.yaml", DEPLOYMENT.replace("app:1.0.0", "app:1.1.0"));
    }
  }

  @Test
  @DisplayName("a signed commit is verified by CommitVerifier with the signer's public key")
  void signedCommitVerifies(@TempDir Path checkout) throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Flux Bot", "flux@example.com");
    OpenPgpCommitSigner signer =
        OpenPgpCommitSigner.fromSecret(Map.of("git.asc", key.armoredSecretKey().getBytes()));
    assertThat(signer.keyId()).isEqualTo(key.keyId());
    try (GitWorkspace ws =
        GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("ws"))) {
      bumpTag(ws.directory(), "2.0.0");
      ws.commit(GitCommitRequest.of("Flux Bot", "flux@example.com", "signed").signedBy(signer));
      ws.push(List.of());
    }

    CheckoutResult.Checkout fetched =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(remote.url())
                .auth(remote.auth())
                .reference(GitReference.branch("main"))
                .into(checkout)
                .call();
    assertThat(fetched.commit().isSigned()).isTrue();
    Verification verified =
        CommitVerifier.fromSecret(Map.of("flux.asc", key.armoredPublicKey().getBytes()))
            .verify(fetched.commit(), VerificationMode.HEAD);
    assertThat(verified.verified()).isNotEmpty();

    OpenPgpKey stranger = OpenPgpKey.generate("Stranger", "stranger@example.com");
    assertThatThrownBy(
            () ->
                CommitVerifier.fromSecret(
                        Map.of("stranger.asc", stranger.armoredPublicKey().getBytes()))
                    .verify(fetched.commit(), VerificationMode.HEAD))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  @DisplayName("a signing secret without git.asc, or with garbage, is InvalidAuth naming the key")
  void badSigningKey() {
    assertThatThrownBy(() -> OpenPgpCommitSigner.fromSecret(Map.of()))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'git.asc'");
    assertThatThrownBy(
            () -> OpenPgpCommitSigner.fromSecret(Map.of("git.asc", "not a key".getBytes())))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("not a secret key ring");
  }

  @Test
  @DisplayName(
      "switchBranch to a branch the remote lacks starts it at HEAD; push creates it and sends push options")
  void newPushBranchWithOptions() throws Exception {
    ObjectId main = origin.head("main");
    try (GitWorkspace ws =
        GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("ws"))) {
      ws.switchBranch("auto");
      assertThat(ws.branch()).isEqualTo("auto");
      assertThat(ws.head()).isEqualTo(main.name());
      bumpTag(ws.directory(), "1.2.0");
      String commit =
          ws.commit(GitCommitRequest.of("Flux", "flux@example.com", "auto")).orElseThrow();
      ws.push(List.of("ci.skip", "merge_request.create"));
      assertThat(origin.head("auto").name()).isEqualTo(commit);
    }
    assertThat(origin.head("main")).isEqualTo(main);
    assertThat(http.pushOptions()).containsExactly("ci.skip", "merge_request.create");
  }

  @Test
  @DisplayName("switchBranch to a branch the remote has checks out the remote's tip")
  void existingPushBranchIsFetched() throws Exception {
    RevCommit auto = origin.commit("auto", "automation branch", Map.of("auto.txt", "x\n"));
    try (GitWorkspace ws =
        GitWorkspace.clone(remote, GitReference.branch("main"), root.resolve("ws"))) {
      ws.switchBranch("auto");
      assertThat(ws.head()).isEqualTo(auto.name());
      assertThat(ws.directory().resolve("auto.txt")).hasContent("x");
    }
  }

  @Test
  @DisplayName("SSH with a key and known_hosts: clone, commit and push")
  void commitAndPushOverSsh() throws Exception {
    SshKey client = SshKey.ecdsa();
    try (GitSshServer ssh =
        GitSshServer.start(List.of(client.keyPair().getPublic()))
            .allowPush(true)
            .serve("app", origin.repository())) {
      String url = ssh.url("app").toString();
      GitRemote sshRemote =
          new GitRemote(
              url,
              GitAuth.fromSecret(
                  url,
                  secret("identity", client.privateKeyPem(), "known_hosts", ssh.knownHostsLine())),
              null,
              Duration.ofSeconds(30));
      try (GitWorkspace ws =
          GitWorkspace.clone(sshRemote, GitReference.branch("main"), root.resolve("ws"))) {
        bumpTag(ws.directory(), "3.0.0");
        String commit =
            ws.commit(GitCommitRequest.of("Flux", "flux@example.com", "over ssh")).orElseThrow();
        ws.push(List.of());
        assertThat(origin.head("main").name()).isEqualTo(commit);
      }
      assertThat(ssh.requests().receivePacks()).isEqualTo(1);
    }
  }
}

package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.OpenPgpKey;
import io.capstan.testing.git.SshKey;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.tls.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout against toolkit-testing's shared Git servers (Jetty smart HTTP with JGit's
 * GitServlet, MINA SSHD), and verification of objects signed by its independent OpenPGP signer.
 */
class SharedFixturesTest {

  @TempDir static Path root;
  static TestGitRepository repo;
  static OpenPgpKey signer;
  static RevCommit signedHead;
  static GitHttpServer http;
  static GitHttpServer https;
  static CertificateAuthority ca;
  static GitSshServer ssh;
  static SshKey client;

  @BeforeAll
  static void start() {
    signer = OpenPgpKey.generate("Release Bot", "bot@example.com");
    repo = TestGitRepository.create(root.resolve("app.git"));
    repo.commit("main", "init", Map.of("deploy/app.yaml", "kind: ConfigMap"));
    signedHead =
        repo.newCommit("main").file("deploy/app.yaml", "kind: Secret").signedWith(signer).create();
    repo.signedTag("v1.0.0", signedHead, "release", signer);
    http =
        GitHttpServer.builder().basicAuth("flux", "s3cret").start().serve("app", repo.repository());
    ca = CertificateAuthority.create("capstan test CA");
    https = GitHttpServer.builder().https(ca).start().serve("app", repo.repository());
    client = SshKey.ecdsa();
    ssh = GitSshServer.start(List.of(client.keyPair().getPublic())).serve("app", repo.repository());
  }

  @AfterAll
  static void stop() {
    http.close();
    https.close();
    ssh.close();
    repo.close();
  }

  private static Map<String, byte[]> data(String... kv) {
    Map<String, byte[]> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  @DisplayName("basic auth, then an unchanged remote: one ref advertisement, no upload-pack")
  void basicAuthAndNoOp(@TempDir Path first, @TempDir Path second, @TempDir Path third)
      throws Exception {
    String url = http.url("app").toString();
    GitAuth auth = GitAuth.fromSecret(url, data("username", "flux", "password", "s3cret"));
    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(auth)
            .reference(GitReference.branch("main"))
            .into(first)
            .call();
    assertThat(r.revision()).isEqualTo("main@sha1:" + signedHead.name());
    assertThat(first.resolve("deploy/app.yaml")).hasContent("kind: Secret");
    http.requests().clear();

    CheckoutResult again =
        new GitCheckout()
            .url(url)
            .auth(auth)
            .reference(GitReference.branch("main"))
            .lastObservedCommit(r.revision())
            .into(second)
            .call();

    assertThat(again).isInstanceOf(CheckoutResult.Unchanged.class);
    assertThat(http.requests().uploadPacks()).isZero();
    assertThat(http.requests().all()).allMatch(q -> q.method().equals("GET"));

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .auth(GitAuth.fromSecret(url, data("username", "flux", "password", "nope")))
                    .into(third)
                    .call())
        .isInstanceOf(GitException.AuthenticationFailed.class);
  }

  @Test
  @DisplayName("HTTPS with the fixture's CA in ca.crt")
  void httpsWithCa(@TempDir Path dir) throws Exception {
    String url = https.url("app").toString();
    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(GitAuth.fromSecret(url, data("ca.crt", ca.certificatePem())))
            .reference(GitReference.tag("v1.0.0"))
            .into(dir)
            .call();
    assertThat(r.revision()).isEqualTo("v1.0.0@sha1:" + signedHead.name());
  }

  @Test
  @DisplayName("SSH with the fixture's known_hosts line, and a wrong host key refused")
  void ssh(@TempDir Path ok, @TempDir Path refused) throws Exception {
    String url = ssh.url("app").toString();
    GitAuth auth =
        GitAuth.fromSecret(
            url, data("identity", client.privateKeyPem(), "known_hosts", ssh.knownHostsLine()));
    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(auth)
            .reference(GitReference.branch("main"))
            .into(ok)
            .call();
    assertThat(r.hash()).isEqualTo(signedHead.name());

    String impostor =
        ssh.knownHostsLine().replace(ssh.hostKey().publicKeyLine(), SshKey.ecdsa().publicKeyLine());
    GitAuth wrongHost =
        GitAuth.fromSecret(url, data("identity", client.privateKeyPem(), "known_hosts", impostor));
    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .auth(wrongHost)
                    .reference(GitReference.branch("main"))
                    .into(refused)
                    .call())
        .isInstanceOf(GitException.UnknownHostKey.class);
  }

  @Test
  @DisplayName("a commit and tag signed by the fixture's signer verify in TagAndHEAD mode")
  void independentSigner(@TempDir Path dir) throws Exception {
    String url = https.url("app").toString();
    var checkout =
        (CheckoutResult.Checkout)
            new GitCheckout()
                .url(url)
                .auth(GitAuth.fromSecret(url, data("ca.crt", ca.certificatePem())))
                .reference(GitReference.tag("v1.0.0"))
                .into(dir)
                .call();

    Verification v =
        CommitVerifier.fromSecret(data("bot.asc", signer.armoredPublicKey()))
            .verify(checkout.commit(), VerificationMode.TAG_AND_HEAD);

    assertThat(v.verified())
        .extracting(Verification.Verified::object)
        .containsExactly("tag", "commit");
    assertThat(v.verified()).allMatch(x -> x.keyId().equalsIgnoreCase(signer.keyId()));
  }
}

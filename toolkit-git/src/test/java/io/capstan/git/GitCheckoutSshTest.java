package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.SshKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git over SSH against a real SSH server on 127.0.0.1: key auth and host key verification. */
class GitCheckoutSshTest {

  @TempDir static Path root;
  static GitSshServer server;
  static Repository served;
  static SshKey clientKey;
  static String head;

  @BeforeAll
  static void start() throws Exception {
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      head = repo.commit("main", Map.of("deploy/app.yaml", "kind: Deployment"), "init");
    }
    clientKey = SshKey.ecdsa();
    served = TestRepository.openForServing(root.resolve("repo.git"));
    server = GitSshServer.start(List.of(clientKey.keyPair().getPublic())).serve("repo", served);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    served.close();
  }

  private static byte[] identity(SshKey key, String passphrase) {
    return key.privateKeyPem(passphrase).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] knownHosts(String line) {
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> secret(byte[] identity, byte[] knownHosts) {
    Map<String, byte[]> m = new HashMap<>();
    m.put("identity", identity);
    m.put("known_hosts", knownHosts);
    return m;
  }

  @Test
  @DisplayName("an authorized key and a known host key check out over SSH")
  void keyAuthOk(@TempDir Path dir) throws Exception {
    String url = server.url("repo.git").toString();
    GitAuth auth =
        GitAuth.fromSecret(
            url, secret(identity(clientKey, null), knownHosts(server.knownHostsLine())));

    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(auth)
            .reference(GitReference.branch("main"))
            .into(dir)
            .call();

    assertThat(r.revision()).isEqualTo("main@sha1:" + head);
    assertThat(dir.resolve("deploy/app.yaml")).hasContent("kind: Deployment");
  }

  @Test
  @DisplayName("a URL without a user logs in as 'git', as Flux does")
  void defaultUser(@TempDir Path dir) throws Exception {
    String url = "ssh://127.0.0.1:" + server.port() + "/repo.git";
    GitAuth auth =
        GitAuth.fromSecret(
            url, secret(identity(clientKey, null), knownHosts(server.knownHostsLine())));

    new GitCheckout().url(url).auth(auth).reference(GitReference.branch("main")).into(dir).call();

    assertThat(server.users()).isNotEmpty().allMatch("git"::equals);
  }

  @Test
  @DisplayName("an encrypted identity works with its passphrase in 'password'")
  void encryptedIdentity(@TempDir Path dir) throws Exception {
    String url = server.url("repo.git").toString();
    Map<String, byte[]> data =
        secret(identity(clientKey, "open sesame"), knownHosts(server.knownHostsLine()));
    data.put("password", "open sesame".getBytes());

    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(GitAuth.fromSecret(url, data))
            .reference(GitReference.branch("main"))
            .into(dir)
            .call();

    assertThat(r.hash()).isEqualTo(head);
  }

  @Test
  @DisplayName("an encrypted identity without 'password' is rejected before connecting")
  void encryptedIdentityWithoutPassphrase() throws Exception {
    String url = server.url("repo.git").toString();
    Map<String, byte[]> data =
        secret(identity(clientKey, "open sesame"), knownHosts(server.knownHostsLine()));

    assertThatThrownBy(() -> GitAuth.fromSecret(url, data))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'password'");
  }

  @Test
  @DisplayName("a host key missing from known_hosts fails with UnknownHostKey")
  void unknownHostKey(@TempDir Path dir) throws Exception {
    String url = server.url("repo.git").toString();
    SshKey impostor = SshKey.ecdsa();
    GitAuth auth =
        GitAuth.fromSecret(
            url,
            secret(
                identity(clientKey, null),
                knownHosts("[127.0.0.1]:" + server.port() + " " + impostor.publicKeyLine())));

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .auth(auth)
                    .reference(GitReference.branch("main"))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.UnknownHostKey.class)
        .hasMessageContaining("unknown host key for")
        .hasMessageContaining("is not in known_hosts")
        .extracting(e -> ((GitException) e).reason())
        .isEqualTo("AuthenticationFailed");
    assertThat(dir.resolve(".git")).doesNotExist();
  }

  @Test
  @DisplayName("a key the server does not authorize fails with AuthenticationFailed")
  void unauthorizedKey(@TempDir Path dir) throws Exception {
    String url = server.url("repo.git").toString();
    SshKey other = SshKey.ecdsa();
    GitAuth auth =
        GitAuth.fromSecret(url, secret(identity(other, null), knownHosts(server.knownHostsLine())));

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .auth(auth)
                    .reference(GitReference.branch("main"))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.AuthenticationFailed.class);
  }

  @Test
  @DisplayName("SSH without known_hosts is refused: host keys are always verified")
  void knownHostsRequired() throws Exception {
    String url = server.url("repo.git").toString();
    Map<String, byte[]> data = new HashMap<>();
    data.put("identity", identity(clientKey, null));

    assertThatThrownBy(() -> GitAuth.fromSecret(url, data))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'known_hosts' is required");
    assertThatThrownBy(() -> GitAuth.anonymous(url))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'identity' is required");
  }

  @Test
  @DisplayName("an SSH server that never answers fails with TimedOut within the timeout")
  void silentSshServer(@TempDir Path dir) throws Exception {
    java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(s.accept());
                  }
                } catch (java.io.IOException closed) {
                  // server closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "ssh://git@127.0.0.1:" + s.getLocalPort() + "/repo.git";
      byte[] knownHosts =
          ("[127.0.0.1]:" + s.getLocalPort() + " " + clientKey.publicKeyLine() + "\n").getBytes();
      GitAuth auth = GitAuth.fromSecret(url, secret(identity(clientKey, null), knownHosts));
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  new GitCheckout()
                      .url(url)
                      .auth(auth)
                      .timeout(java.time.Duration.ofSeconds(2))
                      .into(dir)
                      .call())
          .isInstanceOf(GitException.TimedOut.class);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(10));
    } finally {
      for (java.net.Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  @DisplayName("no-op detection works over SSH too")
  void unchangedOverSsh(@TempDir Path dir) throws Exception {
    String url = server.url("repo.git").toString();
    GitAuth auth =
        GitAuth.fromSecret(
            url, secret(identity(clientKey, null), knownHosts(server.knownHostsLine())));

    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(auth)
            .reference(GitReference.branch("main"))
            .lastObservedCommit("main@sha1:" + head)
            .into(dir)
            .call();

    assertThat(r).isInstanceOf(CheckoutResult.Unchanged.class);
    assertThat(dir).isEmptyDirectory();
  }
}

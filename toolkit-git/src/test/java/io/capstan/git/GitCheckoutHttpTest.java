package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, no-op detection and failure typing over smart HTTP on 127.0.0.1. */
class GitCheckoutHttpTest {

  @TempDir Path root;
  GitHttpServer server;
  Repository served;
  String head;

  @BeforeEach
  void start() throws IOException {
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      head = repo.commit("main", Map.of("app.yaml", "kind: ConfigMap"), "init");
    }
    served = TestRepository.openForServing(root.resolve("repo.git"));
    serve(GitHttpServer.builder());
  }

  /** Replaces the server by one built from {@code options}, serving the same repository. */
  private void serve(GitHttpServer.Builder options) {
    if (server != null) {
      server.close();
    }
    server = options.start().serve("repo", served);
  }

  private String url() {
    return server.url("repo.git").toString();
  }

  @AfterEach
  void stop() {
    server.close();
    served.close();
  }

  private static Map<String, byte[]> secret(String... kv) {
    Map<String, byte[]> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  @DisplayName("basic auth with the right password checks out")
  void basicAuthOk(@TempDir Path dir) throws Exception {
    serve(GitHttpServer.builder().basicAuth("flux", "s3cret-pass"));
    String url = url();

    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .auth(GitAuth.fromSecret(url, secret("username", "flux", "password", "s3cret-pass")))
            .reference(GitReference.branch("main"))
            .into(dir)
            .call();

    assertThat(r.revision()).isEqualTo("main@sha1:" + head);
    assertThat(dir.resolve("app.yaml")).hasContent("kind: ConfigMap");
  }

  @Test
  @DisplayName("credentials in the URL work and are not written to the checkout's git config")
  void urlCredentialsStayOffDisk(@TempDir Path dir) throws Exception {
    serve(GitHttpServer.builder().basicAuth("flux", "s3cret-pass"));
    String url = url().replace("http://", "http://flux:s3cret-pass@");

    new GitCheckout().url(url).reference(GitReference.branch("main")).into(dir).call();

    assertThat(java.nio.file.Files.readString(dir.resolve(".git/config")))
        .doesNotContain("s3cret-pass")
        .contains(url());
  }

  @Test
  @DisplayName("a wrong password fails with AuthenticationFailed and never leaks the password")
  void basicAuthWrongPassword(@TempDir Path dir) throws Exception {
    serve(GitHttpServer.builder().basicAuth("flux", "s3cret-pass"));
    String url = url();

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .auth(
                        GitAuth.fromSecret(url, secret("username", "flux", "password", "wrong-pw")))
                    .reference(GitReference.branch("main"))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.AuthenticationFailed.class)
        .hasMessageNotContaining("wrong-pw")
        .extracting(e -> ((GitException) e).reason())
        .isEqualTo("AuthenticationFailed");
  }

  @Test
  @DisplayName("missing credentials against a protected server fail with AuthenticationFailed")
  void noCredentials(@TempDir Path dir) {
    serve(GitHttpServer.builder().basicAuth("flux", "s3cret-pass"));

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url())
                    .reference(GitReference.branch("main"))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.AuthenticationFailed.class);
  }

  @Test
  @DisplayName("a bearer token is sent as Authorization: Bearer")
  void bearerToken(@TempDir Path dir, @TempDir Path other) throws Exception {
    serve(GitHttpServer.builder().bearerToken("tok-123456"));
    String url = url();

    CheckoutResult ok =
        new GitCheckout()
            .url(url)
            .auth(GitAuth.fromSecret(url, secret("bearerToken", "tok-123456")))
            .reference(GitReference.branch("main"))
            .into(dir)
            .call();
    assertThat(ok.hash()).isEqualTo(head);

    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(url)
                    .auth(GitAuth.fromSecret(url, secret("bearerToken", "tok-wrong")))
                    .reference(GitReference.branch("main"))
                    .into(other)
                    .call())
        .isInstanceOf(GitException.AuthenticationFailed.class)
        .hasMessageNotContaining("tok-wrong");
  }

  @Test
  @DisplayName("credentials over plain http are refused when the caller forbids it")
  void credentialsOverHttpRefused(@TempDir Path dir) throws Exception {
    String url = url();
    GitAuth auth = GitAuth.fromSecret(url, secret("bearerToken", "tok"));

    assertThatThrownBy(
            () -> new GitCheckout().url(url).auth(auth).credentialsOverHttp(false).into(dir).call())
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessage("bearer token cannot be sent over HTTP");
    assertThat(server.requests().all()).isEmpty();
  }

  @Test
  @DisplayName("an unchanged remote is detected with one ls-remote: no upload-pack POST, no files")
  void unchangedRemoteIsNotFetched(@TempDir Path first, @TempDir Path second) throws Exception {
    String url = url();
    CheckoutResult initial =
        new GitCheckout().url(url).reference(GitReference.branch("main")).into(first).call();
    assertThat(server.requests().uploadPacks()).isEqualTo(1);
    server.requests().clear();

    CheckoutResult again =
        new GitCheckout()
            .url(url)
            .reference(GitReference.branch("main"))
            .lastObservedCommit(initial.revision())
            .into(second)
            .call();

    assertThat(again)
        .isEqualTo(new CheckoutResult.Unchanged(head, "refs/heads/main", initial.revision()));
    assertThat(server.requests().all())
        .extracting(q -> q.method() + " " + q.target())
        .containsExactly("GET /repo.git/info/refs?service=git-upload-pack");
    assertThat(server.requests().uploadPacks()).isZero();
    assertThat(second).isEmptyDirectory();
  }

  @Test
  @DisplayName("a new commit after the last observed one is fetched")
  void newCommitIsFetched(@TempDir Path dir) throws Exception {
    String url = url();
    String next;
    try (TestRepository repo = TestRepository.open(root.resolve("repo.git"))) {
      next = repo.commit("main", Map.of("app.yaml", "kind: Secret"), "change");
    }

    CheckoutResult r =
        new GitCheckout()
            .url(url)
            .reference(GitReference.branch("main"))
            .lastObservedCommit("main@sha1:" + head)
            .into(dir)
            .call();

    assertThat(r).isInstanceOf(CheckoutResult.Checkout.class);
    assertThat(r.revision()).isEqualTo("main@sha1:" + next);
    assertThat(dir.resolve("app.yaml")).hasContent("kind: Secret");
  }

  @Test
  @DisplayName("the legacy '<branch>/<hex>' revision form is understood for no-op detection")
  void legacyRevision(@TempDir Path dir) throws Exception {
    CheckoutResult r =
        new GitCheckout()
            .url(url())
            .reference(GitReference.branch("main"))
            .lastObservedCommit("main/" + head)
            .into(dir)
            .call();
    assertThat(r).isInstanceOf(CheckoutResult.Unchanged.class);
  }

  @Test
  @DisplayName("an empty repository fails with a precise message")
  void emptyRepository(@TempDir Path dir) throws Exception {
    TestRepository.createBare(root.resolve("empty.git")).close();
    try (Repository empty = TestRepository.openForServing(root.resolve("empty.git"))) {
      server.serve("empty", empty);
      String url = server.url("empty.git").toString();

      assertThatThrownBy(() -> new GitCheckout().url(url).into(dir).call())
          .isInstanceOf(GitException.ReferenceNotFound.class)
          .hasMessageContaining("git repository is empty");
    }
  }

  @Test
  @DisplayName("a missing repository fails with RepositoryNotFound")
  void missingRepository(@TempDir Path dir) {
    assertThatThrownBy(
            () -> new GitCheckout().url(server.url("nope.git").toString()).into(dir).call())
        .isInstanceOf(GitException.RepositoryNotFound.class)
        .hasMessageContaining("nope.git");
  }

  @Test
  @DisplayName("a refused connection fails quickly with Unreachable")
  void connectionRefused(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url("http://127.0.0.1:" + port + "/repo.git")
                    .timeout(Duration.ofSeconds(5))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.Unreachable.class)
        .hasMessageContaining("remote unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("a server that accepts but never answers fails with TimedOut within the timeout")
  void silentServerTimesOut(@TempDir Path dir) throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(s.accept());
                  }
                } catch (IOException closed) {
                  // server closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  new GitCheckout()
                      .url("http://127.0.0.1:" + s.getLocalPort() + "/repo.git")
                      .timeout(Duration.ofSeconds(2))
                      .into(dir)
                      .call())
          .isInstanceOf(GitException.TimedOut.class)
          .hasMessageContaining("timeout after 2s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}

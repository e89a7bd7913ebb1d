package io.capstan.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed CA ({@code ca.crt}/{@code caFile}) and client certificates. */
class GitCheckoutTlsTest {

  @TempDir static Path root;
  static TestCertificates pki;
  static SmartHttpGitServer server;
  static SmartHttpGitServer mutualServer;
  static String head;

  @BeforeAll
  static void start() throws Exception {
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      head = repo.commit("main", Map.of("a", "b"), "init");
    }
    pki = new TestCertificates();
    server = SmartHttpGitServer.https(root, pki.serverContext(), false);
    mutualServer = SmartHttpGitServer.https(root, pki.serverContext(), true);
  }

  @AfterAll
  static void stop() {
    server.close();
    mutualServer.close();
  }

  private static CheckoutResult checkout(String url, Map<String, byte[]> secret, Path dir)
      throws Exception {
    return new GitCheckout()
        .url(url)
        .auth(GitAuth.fromSecret(url, secret))
        .reference(GitReference.branch("main"))
        .into(dir)
        .call();
  }

  @Test
  @DisplayName("ca.crt makes a self-signed server trusted")
  void customCa(@TempDir Path dir) throws Exception {
    CheckoutResult r =
        checkout(server.url("repo.git"), Map.of("ca.crt", TestCertificates.pem(pki.ca)), dir);
    assertThat(r.hash()).isEqualTo(head);
  }

  @Test
  @DisplayName("the deprecated caFile key works, and ca.crt wins over it")
  void caFilePrecedence(@TempDir Path one, @TempDir Path two) throws Exception {
    String url = server.url("repo.git");
    assertThat(checkout(url, Map.of("caFile", TestCertificates.pem(pki.ca)), one).hash())
        .isEqualTo(head);

    Map<String, byte[]> both = new HashMap<>();
    both.put("ca.crt", TestCertificates.pem(pki.ca));
    both.put("caFile", TestCertificates.pem(pki.client));
    assertThat(checkout(url, both, two).hash()).isEqualTo(head);
  }

  @Test
  @DisplayName("without the CA the self-signed server is refused with a TLS failure")
  void untrusted(@TempDir Path dir) {
    assertThatThrownBy(() -> checkout(server.url("repo.git"), Map.of(), dir))
        .isInstanceOf(GitException.OperationFailed.class)
        .hasMessageContaining("TLS failure");
  }

  @Test
  @DisplayName("tls.crt and tls.key present a client certificate to a server that requires one")
  void clientCertificate(@TempDir Path ok, @TempDir Path refused) throws Exception {
    String url = mutualServer.url("repo.git");
    Map<String, byte[]> secret = new HashMap<>();
    secret.put("ca.crt", TestCertificates.pem(pki.ca));
    secret.put("tls.crt", TestCertificates.pem(pki.client));
    secret.put("tls.key", TestCertificates.pem(pki.clientKey.getPrivate()));

    assertThat(checkout(url, secret, ok).hash()).isEqualTo(head);
    assertThatThrownBy(() -> checkout(url, Map.of("ca.crt", TestCertificates.pem(pki.ca)), refused))
        .isInstanceOf(GitException.class);
  }

  @Test
  @DisplayName("a client certificate without its key is an invalid secret")
  void halfClientPair() throws Exception {
    assertThatThrownBy(
            () ->
                GitAuth.fromSecret(
                    server.url("repo.git"), Map.of("tls.crt", TestCertificates.pem(pki.client))))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'tls.crt' and 'tls.key' must be set together");
  }
}

package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.tls.CertificateAuthority;
import io.capstan.testing.tls.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed CA ({@code ca.crt}/{@code caFile}) and client certificates. */
class GitCheckoutTlsTest {

  @TempDir static Path root;
  static CertificateAuthority ca;
  static IssuedCertificate client;
  static Repository served;
  static GitHttpServer server;
  static GitHttpServer mutualServer;
  static String head;

  @BeforeAll
  static void start() throws Exception {
    try (TestRepository repo = TestRepository.createBare(root.resolve("repo.git"))) {
      head = repo.commit("main", Map.of("a", "b"), "init");
    }
    ca = CertificateAuthority.create("capstan-git-test-ca");
    client = ca.issueClient("flux", null);
    served = TestRepository.openForServing(root.resolve("repo.git"));
    server = GitHttpServer.builder().https(ca).start().serve("repo", served);
    mutualServer =
        GitHttpServer.builder().https(ca).requireClientCertificate().start().serve("repo", served);
  }

  @AfterAll
  static void stop() {
    server.close();
    mutualServer.close();
    served.close();
  }

  private static byte[] pem(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
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
        checkout(
            server.url("repo.git").toString(), Map.of("ca.crt", pem(ca.certificatePem())), dir);
    assertThat(r.hash()).isEqualTo(head);
  }

  @Test
  @DisplayName("the deprecated caFile key works, and ca.crt wins over it")
  void caFilePrecedence(@TempDir Path one, @TempDir Path two) throws Exception {
    String url = server.url("repo.git").toString();
    assertThat(checkout(url, Map.of("caFile", pem(ca.certificatePem())), one).hash())
        .isEqualTo(head);

    Map<String, byte[]> both = new HashMap<>();
    both.put("ca.crt", pem(ca.certificatePem()));
    both.put("caFile", pem(client.certificatePem()));
    assertThat(checkout(url, both, two).hash()).isEqualTo(head);
  }

  @Test
  @DisplayName("without the CA the self-signed server is refused with a TLS failure")
  void untrusted(@TempDir Path dir) {
    assertThatThrownBy(() -> checkout(server.url("repo.git").toString(), Map.of(), dir))
        .isInstanceOf(GitException.OperationFailed.class)
        .hasMessageContaining("TLS failure");
  }

  @Test
  @DisplayName("tls.crt and tls.key present a client certificate to a server that requires one")
  void clientCertificate(@TempDir Path ok, @TempDir Path refused) throws Exception {
    String url = mutualServer.url("repo.git").toString();
    Map<String, byte[]> secret = new HashMap<>();
    secret.put("ca.crt", pem(ca.certificatePem()));
    secret.put("tls.crt", pem(client.certificatePem()));
    secret.put("tls.key", pem(client.privateKeyPem()));

    assertThat(checkout(url, secret, ok).hash()).isEqualTo(head);
    assertThatThrownBy(() -> checkout(url, Map.of("ca.crt", pem(ca.certificatePem())), refused))
        .isInstanceOf(GitException.class);
  }

  @Test
  @DisplayName("a client certificate without its key is an invalid secret")
  void halfClientPair() throws Exception {
    assertThatThrownBy(
            () ->
                GitAuth.fromSecret(
                    server.url("repo.git").toString(),
                    Map.of("tls.crt", pem(client.certificatePem()))))
        .isInstanceOf(GitException.InvalidAuth.class)
        .hasMessageContaining("'tls.crt' and 'tls.key' must be set together");
  }
}

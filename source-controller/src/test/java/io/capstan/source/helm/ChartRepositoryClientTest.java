package io.capstan.source.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import io.capstan.oci.TlsSettings;
import io.capstan.testing.helm.ChartRepositoryRequest;
import io.capstan.testing.helm.ChartRepositoryServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartRepositoryClientTest {

  @TempDir Path dir;

  private static ChartRepositoryClient.Builder fast(String url) {
    return ChartRepositoryClient.builder(url)
        .timeout(Duration.ofSeconds(10))
        .retryWait(Duration.ofMillis(10));
  }

  @Test
  @DisplayName("fetches the index and a chart over plain HTTP; relative chart URLs resolve")
  void plainHttp() throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      String digest = repo.publish("app", "1.0.0");
      repo.publish("app", "1.1.0");
      ChartRepositoryClient client = fast(repo.url()).build();
      ChartRepositoryIndex index = client.fetchAndParseIndex(dir.resolve("index.yaml"));
      assertThat(Files.readAllBytes(dir.resolve("index.yaml"))).isEqualTo(repo.index());
      ChartVersion v = index.select("app", "<1.1.0");
      Download d = client.downloadChart(v, dir.resolve("app.tgz"));
      assertThat(d.sha256()).isEqualTo(digest);
      assertThat(Files.readAllBytes(d.path())).isEqualTo(repo.archive("app", "1.0.0"));
      assertThat(repo.requests())
          .extracting(ChartRepositoryRequest::path)
          .containsExactly("/index.yaml", "/charts/app-1.0.0.tgz");
    }
  }

  @Test
  @DisplayName("sends basic auth; a wrong password is an authentication failure with no secret")
  void basicAuth() throws Exception {
    try (ChartRepositoryServer repo =
        ChartRepositoryServer.builder().basicAuth("alice", "s3cr3t-pw").start()) {
      repo.publish("app", "1.0.0");
      ChartRepositoryClient ok = fast(repo.url()).basicAuth("alice", "s3cr3t-pw").build();
      ChartRepositoryIndex index = ok.fetchAndParseIndex(dir.resolve("index.yaml"));
      ok.downloadChart(index.select("app", "*"), dir.resolve("c.tgz"));
      assertThat(repo.requests()).allMatch(r -> r.status() == 200 && "alice".equals(r.user()));

      ChartRepositoryClient bad = fast(repo.url()).basicAuth("alice", "wrong-pw").build();
      assertThatThrownBy(() -> bad.fetchIndex(dir.resolve("i2.yaml")))
          .isInstanceOfSatisfying(
              ChartRepositoryException.HttpStatus.class,
              e -> {
                assertThat(e.authenticationFailure()).isTrue();
                assertThat(e.getMessage())
                    .isEqualTo("failed to fetch " + repo.url() + "/index.yaml : 401 Unauthorized")
                    .doesNotContain("wrong-pw");
              });
      ChartRepositoryClient anonymous = fast(repo.url()).build();
      assertThatThrownBy(() -> anonymous.fetchIndex(dir.resolve("i3.yaml")))
          .isInstanceOf(ChartRepositoryException.HttpStatus.class);
    }
  }

  @Test
  @DisplayName("credentials go to chart URLs on another host only with passCredentials")
  void passCredentials() throws Exception {
    try (ChartRepositoryServer repo =
        ChartRepositoryServer.builder().basicAuth("u", "p").chartHost("localhost").start()) {
      repo.publish("app", "1.0.0");
      ChartRepositoryClient noPass = fast(repo.url()).basicAuth("u", "p").maxAttempts(1).build();
      ChartVersion v = noPass.fetchAndParseIndex(dir.resolve("i.yaml")).select("app", "*");
      assertThat(v.urls().get(0)).startsWith("http://localhost:");
      assertThatThrownBy(() -> noPass.downloadChart(v, dir.resolve("a.tgz")))
          .isInstanceOfSatisfying(
              ChartRepositoryException.HttpStatus.class,
              e -> assertThat(e.status()).isEqualTo(401));
      assertThat(repo.requests().get(1).user()).isNull();

      ChartRepositoryClient pass =
          fast(repo.url()).basicAuth("u", "p").passCredentials(true).build();
      pass.downloadChart(v, dir.resolve("b.tgz"));
      assertThat(repo.requests().get(2).user()).isEqualTo("u");
      assertThat(repo.requests().get(2).status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("HTTPS with the repository CA, and mutual TLS with a client certificate")
  void mutualTls() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("charts-ca");
    IssuedCertificate client = ca.issueClient("capstan", "flux");
    try (ChartRepositoryServer repo =
        ChartRepositoryServer.builder().https(ca).requireClientCertificate().start()) {
      repo.publish("app", "1.0.0");
      byte[] caPem = ca.certificatePem().getBytes(StandardCharsets.US_ASCII);
      TlsSettings mtls =
          TlsSettings.fromPem(
              caPem,
              client.certificatePem().getBytes(StandardCharsets.US_ASCII),
              client.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
      ChartRepositoryClient ok = fast(repo.url()).tls(mtls).build();
      assertThat(ok.fetchAndParseIndex(dir.resolve("i.yaml")).select("app", "*").version())
          .isEqualTo("1.0.0");

      ChartRepositoryClient noCert =
          fast(repo.url()).tls(TlsSettings.fromPem(caPem, null, null)).maxAttempts(1).build();
      assertThatThrownBy(() -> noCert.fetchIndex(dir.resolve("j.yaml")))
          .isInstanceOf(ChartRepositoryException.Unreachable.class);
      ChartRepositoryClient jvmTrust = fast(repo.url()).maxAttempts(1).build();
      assertThatThrownBy(() -> jvmTrust.fetchIndex(dir.resolve("k.yaml")))
          .isInstanceOf(ChartRepositoryException.Unreachable.class)
          .hasMessageContaining("TLS");
    }
  }

  @Test
  @DisplayName("a tampered index digest fails the chart download")
  void digestMismatch() throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("app", "1.0.0");
      repo.tamperDigest("app", "1.0.0");
      ChartRepositoryClient client = fast(repo.url()).build();
      ChartVersion v = client.fetchAndParseIndex(dir.resolve("i.yaml")).select("app", "1.0.0");
      assertThatThrownBy(() -> client.downloadChart(v, dir.resolve("a.tgz")))
          .isInstanceOf(ChartRepositoryException.DigestMismatch.class)
          .hasMessageContaining("chart 'app' version '1.0.0' digest mismatch");
    }
  }

  @Test
  @DisplayName("index and chart size limits stop the download")
  void sizeLimits() throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("app", "1.0.0");
      repo.fill(10, 10, 500);
      ChartRepositoryClient small = fast(repo.url()).indexMaxSize(1000).chartMaxSize(10).build();
      assertThatThrownBy(() -> small.fetchIndex(dir.resolve("i.yaml")))
          .isInstanceOf(ChartRepositoryException.TooLarge.class)
          .hasMessage("index exceeds the maximum index file size of 1000 bytes");
      ChartRepositoryClient big = fast(repo.url()).chartMaxSize(10).build();
      ChartVersion v = big.fetchAndParseIndex(dir.resolve("i.yaml")).select("app", "*");
      assertThatThrownBy(() -> big.downloadChart(v, dir.resolve("a.tgz")))
          .isInstanceOf(ChartRepositoryException.TooLarge.class)
          .hasMessage("chart exceeds the maximum chart file size of 10 bytes");
    }
  }

  @Test
  @DisplayName("retries transient server errors, not client errors")
  void retries() throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      repo.publish("app", "1.0.0");
      repo.failNext(2, 503);
      ChartRepositoryClient client = fast(repo.url()).maxAttempts(3).build();
      client.fetchIndex(dir.resolve("i.yaml"));
      assertThat(repo.requests())
          .extracting(ChartRepositoryRequest::status)
          .containsExactly(503, 503, 200);

      repo.clearRequests();
      repo.failNext(5, 404);
      assertThatThrownBy(() -> client.fetchIndex(dir.resolve("i.yaml")))
          .isInstanceOf(ChartRepositoryException.HttpStatus.class)
          .hasMessageEndingWith(": 404 Not Found");
      assertThat(repo.requests()).hasSize(1);
    }
  }

  @Test
  @DisplayName("an unreachable repository is a transient failure, retried then reported")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ChartRepositoryClient client =
        fast("http://user:pw@127.0.0.1:" + port + "/charts").maxAttempts(2).build();
    assertThatThrownBy(() -> client.fetchIndex(dir.resolve("i.yaml")))
        .isInstanceOfSatisfying(
            ChartRepositoryException.Unreachable.class,
            e ->
                assertThat(e.getMessage())
                    .startsWith("failed to fetch http://127.0.0.1:" + port + "/charts/index.yaml: ")
                    .doesNotContain("pw"));
  }

  @Test
  @DisplayName("refuses URLs that are not http(s)")
  void invalidUrl() {
    assertThatThrownBy(() -> ChartRepositoryClient.builder("oci://ghcr.io/org/charts").build())
        .isInstanceOf(ChartRepositoryException.InvalidUrl.class)
        .hasMessageContaining("scheme \"oci\" not supported");
    assertThatThrownBy(() -> ChartRepositoryClient.builder("not a url").build())
        .isInstanceOf(ChartRepositoryException.InvalidUrl.class);
  }
}

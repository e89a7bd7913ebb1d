package io.capstan.testing.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChartRepositoryServerTest {

  @RegisterExtension
  static final ChartRepositoryExtension AUTH =
      ChartRepositoryExtension.with(b -> b.basicAuth("user", "pass"));

  static HttpResponse<byte[]> get(HttpClient client, String url, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (auth != null) {
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  @DisplayName("serves a generated index and real chart archives; logs every request")
  void servesIndexAndCharts() throws Exception {
    try (ChartRepositoryServer repo = ChartRepositoryServer.start()) {
      String digest = repo.publish("app", "1.0.0");
      repo.publish("app", "1.1.0", Map.of("values.yaml", "a: 1\n"));
      HttpClient http = HttpClient.newHttpClient();
      String index =
          new String(get(http, repo.url() + "/index.yaml", null).body(), StandardCharsets.UTF_8);
      assertThat(index)
          .startsWith("apiVersion: v1\nentries:\n  app:\n")
          .contains("    version: 1.1.0\n", "    digest: " + digest + "\n")
          .contains("    - charts/app-1.0.0.tgz\n");
      assertThat(index.indexOf("version: 1.1.0")).isLessThan(index.indexOf("version: 1.0.0"));
      byte[] tgz = get(http, repo.url() + "/charts/app-1.0.0.tgz", null).body();
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tgz)))
          .isEqualTo(digest);
      String tar =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(tgz)).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(tar).contains("app/Chart.yaml", "name: app\nversion: 1.0.0");
      assertThat(get(http, repo.url() + "/charts/nope-1.0.0.tgz", null).statusCode())
          .isEqualTo(404);
      assertThat(repo.requests())
          .extracting(ChartRepositoryRequest::status)
          .containsExactly(200, 200, 404);

      repo.tamperDigest("app", "1.0.0");
      assertThat(new String(repo.index(), StandardCharsets.UTF_8)).doesNotContain(digest);
      repo.remove("app", "1.1.0");
      assertThat(new String(repo.index(), StandardCharsets.UTF_8)).doesNotContain("1.1.0");
      repo.serveIndex("garbage".getBytes(StandardCharsets.UTF_8));
      assertThat(get(http, repo.url() + "/index.yaml", null).body())
          .asString()
          .isEqualTo("garbage");
      repo.failNext(1, 502);
      repo.serveIndex(null);
      assertThat(get(http, repo.url() + "/index.yaml", null).statusCode()).isEqualTo(502);
      assertThat(get(http, repo.url() + "/index.yaml", null).statusCode()).isEqualTo(200);
      repo.fill(250, 40, 500);
      assertThat(repo.index().length).isBetween(5_000_000, 6_500_000);
    }
  }

  @Test
  @DisplayName("basic auth: 401 without the credentials, and the request log names the user")
  void basicAuth(ChartRepositoryServer repo) throws Exception {
    repo.clearRequests();
    HttpClient http = HttpClient.newHttpClient();
    assertThat(get(http, repo.url() + "/index.yaml", null).statusCode()).isEqualTo(401);
    assertThat(get(http, repo.url() + "/index.yaml", "user:wrong").statusCode()).isEqualTo(401);
    assertThat(get(http, repo.url() + "/index.yaml", "user:pass").statusCode()).isEqualTo(200);
    assertThat(repo.requests())
        .extracting(ChartRepositoryRequest::user, ChartRepositoryRequest::authorized)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, false),
            org.assertj.core.groups.Tuple.tuple("user", false),
            org.assertj.core.groups.Tuple.tuple("user", true));
  }

  @Test
  @DisplayName("mTLS: a client certificate from the CA is required; chartHost makes URLs absolute")
  void mutualTls() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("charts");
    IssuedCertificate client = ca.issueClient("client", "test");
    try (ChartRepositoryServer repo =
        ChartRepositoryServer.builder()
            .https(ca)
            .requireClientCertificate()
            .chartHost("localhost")
            .start()) {
      repo.publish("app", "1.0.0");
      HttpClient noCert =
          HttpClient.newBuilder()
              .sslContext(IssuedCertificate.trusting(ca.certificatePem()))
              .build();
      assertThatThrownBy(() -> get(noCert, repo.url() + "/index.yaml", null))
          .isInstanceOf(IOException.class);

      char[] pw = "pw".toCharArray();
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(client.keyStore(pw), pw);
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext mtls = SSLContext.getInstance("TLS");
      mtls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      HttpClient withCert = HttpClient.newBuilder().sslContext(mtls).build();
      String index =
          new String(
              get(withCert, repo.url() + "/index.yaml", null).body(), StandardCharsets.UTF_8);
      assertThat(repo.url()).startsWith("https://127.0.0.1:");
      assertThat(index).contains("- https://localhost:" + repo.port() + "/charts/app-1.0.0.tgz");
    }
  }
}

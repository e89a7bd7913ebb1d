package io.capstan.testing.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.tls.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ServerTest {

  @RegisterExtension
  static final S3Server S3 = S3Server.builder().credentials("AKID", "SECRET").build();

  private static S3Client client(
      URI url, String access, String secret, TlsTrustManagersProvider tls) {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
    if (tls != null) {
      http.tlsTrustManagersProvider(tls);
    }
    return S3Client.builder()
        .endpointOverride(url)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
        .httpClient(http.build())
        .build();
  }

  @Test
  @DisplayName("serves seeded objects through the logged endpoint; seeding is not logged")
  void seedListGet() {
    S3.createBucket("seed");
    String etag = S3.putObject("seed", "dir/a.yaml", "a: 1\n");
    S3.requests().clear();
    try (S3Client c = client(S3.url(), "AKID", "SECRET", null)) {
      var listed = c.listObjectsV2(r -> r.bucket("seed")).contents();
      assertThat(listed).extracting(S3Object::key).containsExactly("dir/a.yaml");
      assertThat(listed.get(0).eTag()).isEqualTo("\"" + etag + "\"");
      byte[] body = c.getObjectAsBytes(r -> r.bucket("seed").key("dir/a.yaml")).asByteArray();
      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("a: 1\n");
    }
    assertThat(S3.requests().objectGets())
        .extracting(S3Request::path)
        .containsExactly("/seed/dir/a.yaml");
    assertThat(S3.requests().count(S3Request::isListing)).isEqualTo(1);
  }

  @Test
  @DisplayName("rejects a wrong secret key")
  void wrongKey() {
    S3.createBucket("auth");
    try (S3Client c = client(S3.url(), "AKID", "WRONG", null)) {
      assertThatThrownBy(() -> c.listObjectsV2(r -> r.bucket("auth")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  @DisplayName("pause refuses connections on the same port until resume")
  void pauseResume() throws Exception {
    S3.createBucket("outage");
    String endpoint = S3.endpoint();
    S3.pause();
    try (S3Client c = client(S3.url(), "AKID", "SECRET", null)) {
      assertThatThrownBy(() -> c.listObjectsV2(r -> r.bucket("outage")))
          .isInstanceOf(SdkClientException.class);
      S3.resume();
      assertThat(S3.endpoint()).isEqualTo(endpoint);
      assertThat(c.listObjectsV2(r -> r.bucket("outage")).contents()).isEmpty();
    }
  }

  @Test
  @DisplayName("serves HTTPS with a certificate from the test CA")
  void https() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("s3-test-ca");
    try (S3Server tls = S3Server.builder().https(ca).start()) {
      tls.createBucket("secure");
      tls.putObject("secure", "k", "v");
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(
                          ca.certificatePem().getBytes(StandardCharsets.UTF_8)));
      trust.setCertificateEntry("ca", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      assertThat(tls.url().getScheme()).isEqualTo("https");
      try (S3Client c =
          client(tls.url(), tls.accessKey(), tls.secretKey(), tmf::getTrustManagers)) {
        assertThat(c.listObjectsV2(r -> r.bucket("secure")).contents()).hasSize(1);
      }
      try (S3Client untrusted = client(tls.url(), tls.accessKey(), tls.secretKey(), null)) {
        assertThatThrownBy(() -> untrusted.listObjectsV2(r -> r.bucket("secure")))
            .isInstanceOf(SdkClientException.class);
      }
    }
  }
}

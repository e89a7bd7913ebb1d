package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.PushedArtifact;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Basic auth, the Bearer token flow and TLS against real registries. */
class OciClientAuthTest {

  @BeforeAll
  static void registryInstalled() {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
  }

  private static OciClient client(boolean insecure, Credentials credentials) {
    OciClientOptions.Builder b = OciClientOptions.builder().insecure(insecure).maxAttempts(1);
    if (credentials != null) {
      b.credentials(credentials);
    }
    return new OciClient(b.build());
  }

  @Test
  @DisplayName("basic auth: the right login pulls, a wrong or missing one is Unauthorized")
  void basicAuth() throws Exception {
    try (OciRegistry registry = OciRegistry.builder().basicAuth("bot", "hunter2").start()) {
      PushedArtifact a = registry.pushArtifact("auth/app", "v1", Map.of("a", "b"));
      OciReference ref = OciReference.parse(registry.host() + "/auth/app:v1");
      DockerConfig config =
          DockerConfig.parse(
              registry.dockerConfigJson("bot", "hunter2").getBytes(StandardCharsets.UTF_8));
      OciClient good =
          new OciClient(OciClientOptions.builder().insecure(true).credentials(config).build());
      assertThat(good.resolve(ref).digest()).isEqualTo(a.digest());
      assertThat(good.listTags(ref)).containsExactly("v1");

      assertThatThrownBy(() -> client(true, new Credentials("bot", "wrong-pass")).resolve(ref))
          .isInstanceOf(OciException.Unauthorized.class)
          .hasMessageContaining("credentials were refused")
          .hasMessageNotContaining("wrong-pass");
      assertThatThrownBy(() -> client(true, null).resolve(ref))
          .isInstanceOf(OciException.Unauthorized.class)
          .hasMessageContaining("no credentials");
    }
  }

  @Test
  @DisplayName("token auth: a Bearer challenge is answered with a token from the realm, push too")
  void tokenAuth() throws Exception {
    try (OciRegistry registry = OciRegistry.builder().tokenAuth("ci", "t0ken-pass").start()) {
      PushedArtifact a = registry.pushArtifact("tok/app", "v1", Map.of("a", "b"));
      OciReference ref = OciReference.parse(registry.host() + "/tok/app:v1");
      OciClient client = client(true, new Credentials("ci", "t0ken-pass"));
      assertThat(client.resolve(ref).digest()).isEqualTo(a.digest());
      ManifestResponse m = client.manifest(ref);
      assertThat(client.blob(ref, m.manifest().layers().get(0).digest(), 1 << 20)).isNotEmpty();
      int tokens = registry.tokensIssued();
      assertThat(tokens).isGreaterThanOrEqualTo(1);
      client.resolve(ref);
      assertThat(registry.tokensIssued()).as("token cached per scope").isEqualTo(tokens);
      assertThat(client.tag(ref, "v2")).isEqualTo(a.digest());

      assertThatThrownBy(() -> client(true, new Credentials("ci", "nope")).resolve(ref))
          .isInstanceOf(OciException.Unauthorized.class)
          .hasMessageContaining("token service")
          .hasMessageNotContaining("nope");
    }
  }

  @Test
  @DisplayName("TLS: trusted with the CA, refused without it; mTLS needs the client certificate")
  void tls() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("registry-ca");
    try (OciRegistry registry = OciRegistry.builder().tls(ca).requireClientCertificates().start()) {
      IssuedCertificate clientCert = ca.issueClient("puller", null);
      registry.pushArtifact("tls/app", "v1", Map.of("a", "b"));
      OciReference ref = OciReference.parse(registry.host() + "/tls/app:v1");
      OciClient trusted =
          new OciClient(
              OciClientOptions.builder()
                  .sslContext(TestTls.context(ca.certificatePem(), clientCert))
                  .maxAttempts(1)
                  .build());
      assertThat(trusted.resolve(ref).digest()).startsWith("sha256:");

      assertThatThrownBy(() -> client(false, null).resolve(ref))
          .isInstanceOf(OciException.Unreachable.class)
          .hasMessageContaining("TLS");
      OciClient noClientCert =
          new OciClient(
              OciClientOptions.builder()
                  .sslContext(TestTls.context(ca.certificatePem(), null))
                  .maxAttempts(1)
                  .build());
      assertThatThrownBy(() -> noClientCert.resolve(ref))
          .isInstanceOf(OciException.Unreachable.class);
    }
  }
}

package io.capstan.image.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.api.image.v1.ImagePolicyChoice;
import io.capstan.api.image.v1.SemVerPolicy;
import io.capstan.image.policy.TagFilter;
import io.capstan.image.policy.TagPolicy;
import io.capstan.image.policy.TagSelection;
import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciException;
import io.capstan.testing.oci.OciRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Scans against real registries (CNCF Distribution on 127.0.0.1). */
class TagScannerRegistryTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void push(OciRegistry registry, String repo, String... tags) {
    for (String tag : tags) {
      registry.pushArtifact(repo, tag, Map.of("tag.txt", tag));
    }
  }

  private static TagScan scan(OciRegistry registry, String repo, OciClientOptions options)
      throws OciException {
    ImageName image = ImageName.parse(registry.host() + "/" + repo);
    return TagScanner.of(null).scan(new OciClient(options), image);
  }

  private static OciClientOptions plain(Map<String, byte[]> pull) {
    return RegistryAccess.options(pull, null, null, true, Duration.ofSeconds(10));
  }

  @Test
  void anonymousScanThenNewTagChangesRevisionAndPolicy() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    try (OciRegistry registry = OciRegistry.builder().start()) {
      push(registry, "org/app", "1.0.0", "1.1.0", "sha256-abc.sig", "latest");
      TagScan first = scan(registry, "org/app", plain(null));
      assertThat(first.tags()).containsExactly("latest", "1.1.0", "1.0.0");
      assertThat(first.canonicalImageName()).isEqualTo(registry.host() + "/org/app");
      TagSelection semver = new TagSelection(TagFilter.none(), TagPolicy.of(range(">=1.0.0")));
      assertThat(semver.latest(first.tags())).isEqualTo("1.1.0");

      push(registry, "org/app", "1.2.0");
      TagScan second = scan(registry, "org/app", plain(null));
      assertThat(second.revision()).isNotEqualTo(first.revision());
      assertThat(semver.latest(second.tags())).isEqualTo("1.2.0");
    }
  }

  @Test
  void basicAuthFromDockerConfigSecret() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    try (OciRegistry registry = OciRegistry.builder().basicAuth("flux", "s3cret").start()) {
      push(registry, "org/app", "v1", "v2");
      Map<String, byte[]> good =
          Map.of(".dockerconfigjson", b(registry.dockerConfigJson("flux", "s3cret")));
      assertThat(scan(registry, "org/app", plain(good)).tags()).containsExactly("v2", "v1");
      Map<String, byte[]> wrong =
          Map.of(".dockerconfigjson", b(registry.dockerConfigJson("flux", "nope")));
      assertThatThrownBy(() -> scan(registry, "org/app", plain(wrong)))
          .isInstanceOf(OciException.Unauthorized.class)
          .message()
          .doesNotContain("nope");
      assertThatThrownBy(() -> scan(registry, "org/app", plain(null)))
          .isInstanceOf(OciException.Unauthorized.class);
      assertThatThrownBy(() -> plain(Map.of("config.json", b("{}"))))
          .hasMessageContaining("'.dockerconfigjson'");
    }
  }

  @Test
  void tokenAuth() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    try (OciRegistry registry = OciRegistry.builder().tokenAuth("flux", "s3cret").start()) {
      push(registry, "org/app", "1", "2", "10");
      Map<String, byte[]> good =
          Map.of(".dockerconfigjson", b(registry.dockerConfigJson("flux", "s3cret")));
      int before = registry.tokensIssued();
      assertThat(scan(registry, "org/app", plain(good)).tags()).containsExactly("2", "10", "1");
      assertThat(registry.tokensIssued()).isGreaterThan(before);
    }
  }

  @Test
  void tlsWithTheCaFromCertSecret() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    CertificateAuthority ca = CertificateAuthority.create("registry-ca");
    try (OciRegistry registry = OciRegistry.builder().tls(ca).start()) {
      push(registry, "org/app", "1.0.0");
      OciClientOptions trusted =
          RegistryAccess.options(
              null, Map.of("ca.crt", b(registry.caPem())), null, false, Duration.ofSeconds(10));
      assertThat(scan(registry, "org/app", trusted).tags()).containsExactly("1.0.0");
      OciClientOptions jvmTrust =
          RegistryAccess.options(null, null, null, false, Duration.ofSeconds(10));
      assertThatThrownBy(() -> scan(registry, "org/app", jvmTrust))
          .isInstanceOf(OciException.Unreachable.class);
    }
  }

  @Test
  void mutualTlsWithTheClientPairFromCertSecret() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    CertificateAuthority ca = CertificateAuthority.create("registry-ca");
    try (OciRegistry registry = OciRegistry.builder().tls(ca).requireClientCertificates().start()) {
      push(registry, "org/app", "1.0.0", "1.1.0");
      IssuedCertificate puller = ca.issueClient("puller", null);
      Map<String, byte[]> pair =
          Map.of(
              "ca.crt", b(ca.certificatePem()),
              "tls.crt", b(puller.certificatePem()),
              "tls.key", b(puller.privateKeyPem()));
      assertThat(scan(registry, "org/app", mtls(pair)).tags()).containsExactly("1.1.0", "1.0.0");

      // Flux's deprecated key names work the same.
      Map<String, byte[]> deprecated =
          Map.of(
              "caFile", b(ca.certificatePem()),
              "certFile", b(puller.certificatePem()),
              "keyFile", b(puller.privateKeyPem()));
      assertThat(scan(registry, "org/app", mtls(deprecated)).tags()).hasSize(2);

      // The CA alone: the registry refuses the handshake.
      Map<String, byte[]> caOnly = Map.of("ca.crt", b(ca.certificatePem()));
      assertThatThrownBy(() -> scan(registry, "org/app", mtls(caOnly)))
          .isInstanceOf(OciException.Unreachable.class);

      // A certificate with another key than its own: the handshake fails too.
      IssuedCertificate other = ca.issueClient("other", null);
      Map<String, byte[]> wrongKey =
          Map.of(
              "ca.crt", b(ca.certificatePem()),
              "tls.crt", b(puller.certificatePem()),
              "tls.key", b(other.privateKeyPem()));
      assertThatThrownBy(() -> scan(registry, "org/app", mtls(wrongKey)))
          .isInstanceOf(OciException.Unreachable.class);

      // A client certificate from a CA the registry does not trust.
      IssuedCertificate stranger =
          CertificateAuthority.create("stranger-ca").issueClient("puller", null);
      Map<String, byte[]> untrusted =
          Map.of(
              "ca.crt", b(ca.certificatePem()),
              "tls.crt", b(stranger.certificatePem()),
              "tls.key", b(stranger.privateKeyPem()));
      assertThatThrownBy(() -> scan(registry, "org/app", mtls(untrusted)))
          .isInstanceOf(OciException.Unreachable.class);
    }
  }

  @Test
  void invalidCertSecretNamesTheKeyNotTheContent() {
    String garbage = "not a pem at all";
    assertThatThrownBy(() -> mtls(Map.of("tls.crt", b(garbage))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid TLS configuration in certSecretRef: 'tls.crt' and 'tls.key' must be set"
                + " together");
    CertificateAuthority ca = CertificateAuthority.create("ca");
    IssuedCertificate client = ca.issueClient("c", null);
    assertThatThrownBy(
            () ->
                mtls(
                    Map.of(
                        "tls.crt", b(client.certificatePem()), "tls.key", b(garbage + "secret"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid TLS configuration in certSecretRef: 'tls.key' holds no unencrypted PEM"
                + " private key")
        .message()
        .doesNotContain("secret");
    assertThatThrownBy(() -> mtls(Map.of("ca.crt", b(garbage))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid TLS configuration in certSecretRef:")
        .message()
        .doesNotContain(garbage);
    assertThatThrownBy(() -> mtls(Map.of("username", b("u"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("certSecretRef has no 'ca.crt' and no 'tls.crt'/'tls.key' keys");
  }

  private static OciClientOptions mtls(Map<String, byte[]> certSecret) {
    return RegistryAccess.options(null, certSecret, null, false, Duration.ofSeconds(10));
  }

  @Test
  void registryDownAndMissingRepository() throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    try (OciRegistry registry = OciRegistry.builder().start()) {
      push(registry, "org/app", "1");
      assertThatThrownBy(() -> scan(registry, "org/missing", plain(null)))
          .isInstanceOf(OciException.NotFound.class);
      registry.stop();
      OciClientOptions fast =
          OciClientOptions.builder()
              .insecure(true)
              .timeout(Duration.ofSeconds(2))
              .maxAttempts(1)
              .build();
      assertThatThrownBy(() -> scan(registry, "org/app", fast))
          .isInstanceOf(OciException.Unreachable.class);
    }
  }

  private static ImagePolicyChoice range(String range) {
    ImagePolicyChoice c = new ImagePolicyChoice();
    SemVerPolicy s = new SemVerPolicy();
    s.setRange(range);
    c.setSemver(s);
    return c;
  }
}

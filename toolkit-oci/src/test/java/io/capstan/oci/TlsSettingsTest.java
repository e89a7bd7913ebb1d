package io.capstan.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** PEM material of a {@code certSecretRef} into key and trust managers. */
class TlsSettingsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The EC private scalar (encodings differ between providers, the key does not). */
  private static BigInteger scalar(PrivateKey key) {
    return ((ECPrivateKey) key).getS();
  }

  @Test
  void caAndClientPairBecomeTrustAndKeyManagers() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test-ca");
    IssuedCertificate client = ca.issueClient("puller", null);
    TlsSettings tls =
        TlsSettings.fromPem(
            b(ca.certificatePem()), b(client.certificatePem()), b(client.privateKeyPem()));
    X509TrustManager trust = (X509TrustManager) tls.trustManagers()[0];
    assertThat(trust.getAcceptedIssuers()).containsExactly(ca.certificate());
    X509KeyManager keys = (X509KeyManager) tls.keyManagers()[0];
    assertThat(keys.getCertificateChain("client")[0]).isEqualTo(client.certificate());
    assertThat(scalar(keys.getPrivateKey("client"))).isEqualTo(scalar(client.keys().getPrivate()));
    assertThat(tls.sslContext().getProtocol()).isEqualTo("TLS");
  }

  @Test
  void caOnlyOrPairOnly() {
    CertificateAuthority ca = CertificateAuthority.create("test-ca");
    TlsSettings caOnly = TlsSettings.fromPem(b(ca.certificatePem()), null, null);
    assertThat(caOnly.keyManagers()).isNull();
    assertThat(caOnly.trustManagers()).isNotNull();
    IssuedCertificate client = ca.issueClient("puller", null);
    TlsSettings pairOnly =
        TlsSettings.fromPem(null, b(client.certificatePem()), b(client.privateKeyPem()));
    assertThat(pairOnly.trustManagers()).isNull();
    assertThat(pairOnly.keyManagers()).isNotNull();
  }

  @Test
  void pkcs8AndSec1KeysAreBothRead() {
    CertificateAuthority ca = CertificateAuthority.create("test-ca");
    IssuedCertificate client = ca.issueClient("puller", null);
    KeyPair keys = client.keys();
    for (String pem :
        new String[] {
          CertificateAuthority.ecPrivateKeyPem(keys), CertificateAuthority.pkcs8PrivateKeyPem(keys)
        }) {
      TlsSettings tls = TlsSettings.fromPem(null, b(client.certificatePem()), b(pem));
      assertThat(scalar(((X509KeyManager) tls.keyManagers()[0]).getPrivateKey("client")))
          .isEqualTo(scalar(keys.getPrivate()));
    }
  }

  @Test
  void badMaterialNamesTheKeyNeverTheContent() {
    CertificateAuthority ca = CertificateAuthority.create("test-ca");
    IssuedCertificate client = ca.issueClient("puller", null);
    String secret = "s3cr3t-not-a-pem";
    assertThatThrownBy(() -> TlsSettings.fromPem(null, b(client.certificatePem()), null))
        .isInstanceOf(TlsSettings.InvalidMaterial.class)
        .hasMessage("'tls.crt' and 'tls.key' must be set together");
    assertThatThrownBy(() -> TlsSettings.fromPem(null, null, b(client.privateKeyPem())))
        .isInstanceOf(TlsSettings.InvalidMaterial.class)
        .hasMessage("'tls.crt' and 'tls.key' must be set together");
    assertThatThrownBy(() -> TlsSettings.fromPem(null, b(client.certificatePem()), b(secret)))
        .isInstanceOf(TlsSettings.InvalidMaterial.class)
        .hasMessage("'tls.key' holds no unencrypted PEM private key");
    assertThatThrownBy(
            () -> TlsSettings.fromPem(null, b(client.certificatePem()), b(client.certificatePem())))
        .isInstanceOf(TlsSettings.InvalidMaterial.class)
        .hasMessage("'tls.key' holds no unencrypted PEM private key");
    assertThatThrownBy(() -> TlsSettings.fromPem(b(secret), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(secret);
  }
}

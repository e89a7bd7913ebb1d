package io.capstan.local.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate issued by a {@link CertificateAuthority}, with its key pair.
 *
 * @param certificate the issued certificate
 * @param keys its key pair (ECDSA P-256)
 * @param issuer the CA certificate that signed it
 */
public record IssuedCertificate(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {

  /** The certificate as PEM. */
  public String certificatePem() {
    return CertificateAuthority.pem(certificate);
  }

  /** The private key as SEC 1 {@code EC PRIVATE KEY} PEM. */
  public String privateKeyPem() {
    return CertificateAuthority.ecPrivateKeyPem(keys);
  }

  /** An in-memory PKCS#12 key store holding the key and the chain (certificate, issuer). */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server", keys.getPrivate(), password, new Certificate[] {certificate, issuer});
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context trusting only the CA in {@code caPem} (for clients in tests). */
  public static SSLContext trusting(String caPem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build a TLS context for the CA", e);
    }
  }
}

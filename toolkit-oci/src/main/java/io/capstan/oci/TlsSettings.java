package io.capstan.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS material of a secret ({@code ca.crt}/{@code caFile}, {@code tls.crt}, {@code tls.key})
 * turned into key and trust managers for one checkout. A custom CA replaces the JVM's default trust
 * store, as Flux does with its CA file. Used for Git, Bucket, HelmRepository, OCIRepository and
 * ImageRepository {@code certSecretRef}s. It lives in toolkit-oci (no JGit, no fabric8) so that
 * both toolkit-git and image-reflector can share it.
 */
public final class TlsSettings {

  private final KeyManager[] keyManagers;
  private final TrustManager[] trustManagers;

  private TlsSettings(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    this.keyManagers = keyManagers;
    this.trustManagers = trustManagers;
  }

  /** Client key managers, or {@code null} for no client certificate. */
  public KeyManager[] keyManagers() {
    return keyManagers;
  }

  /** Trust managers, or {@code null} for the JVM's default trust. */
  public TrustManager[] trustManagers() {
    return trustManagers;
  }

  /**
   * Builds the settings from the PEM material of a {@code certSecretRef}; any argument may be
   * {@code null}, but {@code certPem} and {@code keyPem} only together.
   *
   * @throws InvalidMaterial with a message naming the offending key, never its content
   */
  public static TlsSettings fromPem(byte[] caPem, byte[] certPem, byte[] keyPem) {
    if ((certPem == null) != (keyPem == null)) {
      throw new InvalidMaterial("'tls.crt' and 'tls.key' must be set together");
    }
    try {
      TrustManager[] trust = null;
      if (caPem != null) {
        KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caPem, "ca.crt")) {
          trustStore.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        trust = tmf.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (certPem != null) {
        Collection<? extends Certificate> chain = certificates(certPem, "tls.crt");
        PrivateKey key = privateKey(keyPem);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        char[] pass = new char[0];
        keyStore.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, pass);
        keys = kmf.getKeyManagers();
      }
      // Fail now, not on first connection, if the material cannot form a context.
      SSLContext.getInstance("TLS").init(keys, trust, null);
      return new TlsSettings(keys, trust);
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidMaterial(
          "cannot build TLS configuration (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A new TLS context with these key and trust managers. */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new InvalidMaterial(
          "cannot build TLS configuration (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** PEM material that cannot form a TLS configuration; the message names the key, not content. */
  public static final class InvalidMaterial extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidMaterial(String message) {
      super(message);
    }
  }

  private static Collection<? extends Certificate> certificates(byte[] pem, String key)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certs =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    if (certs.isEmpty()) {
      throw new InvalidMaterial("'" + key + "' holds no PEM certificate");
    }
    return certs;
  }

  private static PrivateKey privateKey(byte[] pem) throws IOException {
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new InvalidMaterial("'tls.key' holds no unencrypted PEM private key");
    }
  }
}

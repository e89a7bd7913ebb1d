package io.capstan.source.oci;

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
 * A TLS context from the PEM material of a {@code certSecretRef} ({@code ca.crt}, {@code tls.crt},
 * {@code tls.key}): a CA replaces the JVM trust store (as Flux does), a client pair enables mTLS.
 * Errors say which key is wrong, never what it holds.
 */
public final class OciTls {

  private OciTls() {}

  /**
   * Builds the context; any argument may be null, but {@code certPem} and {@code keyPem} only
   * together.
   *
   * @throws IllegalArgumentException with a message naming the offending key
   */
  public static SSLContext context(byte[] caPem, byte[] certPem, byte[] keyPem) {
    if ((certPem == null) != (keyPem == null)) {
      throw new IllegalArgumentException("'tls.crt' and 'tls.key' must be set together");
    }
    try {
      TrustManager[] trust = null;
      if (caPem != null) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caPem, "ca.crt")) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trust = tmf.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (certPem != null) {
        Collection<? extends Certificate> chain = certificates(certPem, "tls.crt");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] pass = new char[0];
        store.setKeyEntry(
            "client", privateKey(keyPem), pass, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, pass);
        keys = kmf.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot build TLS configuration (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Collection<? extends Certificate> certificates(byte[] pem, String key)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certs =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("'" + key + "' holds no PEM certificate");
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
      throw new IllegalArgumentException("'tls.key' holds no unencrypted PEM private key");
    }
  }
}

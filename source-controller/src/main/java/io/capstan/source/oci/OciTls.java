package io.capstan.source.oci;

import io.capstan.oci.TlsSettings;
import javax.net.ssl.SSLContext;

/**
 * A TLS context from the PEM material of a {@code certSecretRef} ({@code ca.crt}, {@code tls.crt},
 * {@code tls.key}): a CA replaces the JVM trust store (as Flux does), a client pair enables mTLS.
 * Errors say which key is wrong, never what it holds. The parsing is {@link TlsSettings}'s, shared
 * with Git and Bucket.
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
    return TlsSettings.fromPem(caPem, certPem, keyPem).sslContext();
  }
}

package io.capstan.image.scan;

import io.capstan.oci.Credentials;
import io.capstan.oci.DockerConfig;
import io.capstan.oci.OciClientOptions;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns an ImageRepository's referenced Secrets into OCI client options: {@code secretRef} (a
 * {@code kubernetes.io/dockerconfigjson} Secret, key {@code .dockerconfigjson}), {@code
 * certSecretRef} ({@code ca.crt}, or the deprecated {@code caFile}: replaces the JVM trust store),
 * {@code proxySecretRef} ({@code address}, optional {@code username}/{@code password}) and {@code
 * insecure} (plain HTTP). Messages name the Secret key that is wrong, never its value.
 */
public final class RegistryAccess {

  private RegistryAccess() {}

  /**
   * Builds the options; any Secret map may be null.
   *
   * @throws IllegalArgumentException naming the offending key
   */
  public static OciClientOptions options(
      Map<String, byte[]> pullSecret,
      Map<String, byte[]> certSecret,
      Map<String, byte[]> proxySecret,
      boolean insecure,
      Duration timeout) {
    OciClientOptions.Builder b = OciClientOptions.builder().insecure(insecure).timeout(timeout);
    if (pullSecret != null) {
      byte[] json = pullSecret.get(".dockerconfigjson");
      if (json == null) {
        throw new IllegalArgumentException(
            "secret has no '.dockerconfigjson' key: a kubernetes.io/dockerconfigjson Secret is"
                + " expected");
      }
      try {
        b.credentials(DockerConfig.parse(json));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'.dockerconfigjson' is not a valid Docker config");
      }
    }
    if (certSecret != null) {
      if (certSecret.containsKey("tls.crt") || certSecret.containsKey("certFile")) {
        throw new IllegalArgumentException(
            "client certificates ('tls.crt'/'tls.key') are not supported yet by image-reflector");
      }
      byte[] ca = certSecret.getOrDefault("ca.crt", certSecret.get("caFile"));
      if (ca == null) {
        throw new IllegalArgumentException("certSecretRef has no 'ca.crt' key");
      }
      b.sslContext(trusting(ca));
    }
    if (proxySecret != null) {
      byte[] address = proxySecret.get("address");
      if (address == null) {
        throw new IllegalArgumentException("invalid proxy secret: key 'address' is missing");
      }
      URI uri;
      try {
        uri = URI.create(new String(address, StandardCharsets.UTF_8).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid proxy secret: 'address' is not a URL");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("invalid proxy secret: 'address' has no host");
      }
      int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
      byte[] user = proxySecret.get("username");
      byte[] pass = proxySecret.get("password");
      Credentials proxyCredentials =
          user == null
              ? null
              : new Credentials(
                  new String(user, StandardCharsets.UTF_8),
                  pass == null ? "" : new String(pass, StandardCharsets.UTF_8));
      b.proxy(new InetSocketAddress(uri.getHost(), port), proxyCredentials);
    }
    return b.build();
  }

  private static SSLContext trusting(byte[] caPem) {
    try {
      Collection<? extends Certificate> certs =
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(caPem));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("'ca.crt' holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("'ca.crt' is not a valid PEM CA certificate");
    }
  }
}

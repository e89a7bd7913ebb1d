package io.capstan.image.scan;

import io.capstan.oci.Credentials;
import io.capstan.oci.DockerConfig;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.TlsSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Turns an ImageRepository's referenced Secrets into OCI client options: {@code secretRef} (a
 * {@code kubernetes.io/dockerconfigjson} Secret, key {@code .dockerconfigjson}), {@code
 * certSecretRef} ({@code ca.crt}: replaces the JVM trust store; {@code tls.crt} + {@code tls.key}:
 * client certificate for mTLS; or the deprecated {@code caFile}/{@code certFile}/{@code keyFile}),
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
      byte[] ca = firstOf(certSecret, "ca.crt", "caFile");
      byte[] cert = firstOf(certSecret, "tls.crt", "certFile");
      byte[] key = firstOf(certSecret, "tls.key", "keyFile");
      if (ca == null && cert == null && key == null) {
        throw new IllegalArgumentException(
            "certSecretRef has no 'ca.crt' and no 'tls.crt'/'tls.key' keys");
      }
      try {
        b.sslContext(TlsSettings.fromPem(ca, cert, key).sslContext());
      } catch (TlsSettings.InvalidMaterial e) {
        throw new IllegalArgumentException(
            "invalid TLS configuration in certSecretRef: " + e.getMessage());
      }
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

  /** The value of the first non-empty key (the current name, then Flux's deprecated one). */
  private static byte[] firstOf(Map<String, byte[]> data, String key, String deprecated) {
    byte[] v = data.get(key);
    if (v == null || v.length == 0) {
      v = data.get(deprecated);
    }
    return v == null || v.length == 0 ? null : v;
  }
}

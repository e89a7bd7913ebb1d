package io.capstan.source.bucket;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * How to reach one bucket: everything a {@link BucketClient} needs, already read from the Bucket's
 * spec and Secrets.
 *
 * @param endpoint {@code host[:port]} (Flux's {@code spec.endpoint}); a full {@code http(s)://} URL
 *     is accepted too
 * @param insecure plain HTTP ({@code spec.insecure})
 * @param region signing region; blank means {@code us-east-1}
 * @param credentials static keys, or null for the provider's default (anonymous for {@code
 *     generic}, the AWS SDK default credential chain for {@code aws})
 * @param useDefaultChain whether missing credentials mean the AWS default chain ({@code aws})
 * @param trustManagers from {@code certSecretRef}'s {@code ca.crt}, or null for the JVM trust
 * @param keyManagers from {@code certSecretRef}'s {@code tls.crt}/{@code tls.key}, or null
 * @param proxy the proxy, or null
 * @param timeout bounds each call ({@code spec.timeout})
 */
public record BucketSettings(
    String endpoint,
    boolean insecure,
    String region,
    Credentials credentials,
    boolean useDefaultChain,
    TrustManager[] trustManagers,
    KeyManager[] keyManagers,
    Proxy proxy,
    Duration timeout) {

  /** Checks the required parts. */
  public BucketSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Static keys; {@link #toString()} never shows the secret. */
  public record Credentials(String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "Credentials[accessKey=" + accessKey + "]";
    }
  }

  /** A proxy from {@code proxySecretRef}; {@link #toString()} never shows the password. */
  public record Proxy(URI address, String username, String password) {
    @Override
    public String toString() {
      return "Proxy[" + address + "]";
    }
  }

  /** The endpoint as a URL: {@code https://endpoint}, or {@code http://} when insecure. */
  public URI endpointUrl() {
    if (endpoint.contains("://")) {
      return URI.create(endpoint);
    }
    return URI.create((insecure ? "http://" : "https://") + endpoint);
  }
}

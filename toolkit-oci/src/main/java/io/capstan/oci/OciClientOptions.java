package io.capstan.oci;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * How an {@link OciClient} connects: credentials per registry, TLS, plain HTTP, proxy, timeouts and
 * retries. Immutable; {@link #builder()} starts from anonymous HTTPS with a 60s timeout and 3
 * attempts.
 */
public final class OciClientOptions {

  final Function<String, Optional<Credentials>> credentials;
  final SSLContext sslContext;
  final boolean insecure;
  final InetSocketAddress proxy;
  final Credentials proxyCredentials;
  final Duration timeout;
  final int maxAttempts;
  final Duration retryWait;
  final String userAgent;
  final long chunkSize;

  private OciClientOptions(Builder b) {
    this.credentials = b.credentials;
    this.sslContext = b.sslContext;
    this.insecure = b.insecure;
    this.proxy = b.proxy;
    this.proxyCredentials = b.proxyCredentials;
    this.timeout = b.timeout;
    this.maxAttempts = b.maxAttempts;
    this.retryWait = b.retryWait;
    this.userAgent = b.userAgent;
    this.chunkSize = b.chunkSize;
  }

  /** Anonymous HTTPS, JVM trust, no proxy, 60s timeout, 3 attempts. */
  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: see {@link #builder()}. */
  public static OciClientOptions defaults() {
    return builder().build();
  }

  /** The per-request timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Configures {@link OciClientOptions}. */
  public static final class Builder {
    private Function<String, Optional<Credentials>> credentials = r -> Optional.empty();
    private SSLContext sslContext;
    private boolean insecure;
    private InetSocketAddress proxy;
    private Credentials proxyCredentials;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxAttempts = 3;
    private Duration retryWait = Duration.ofMillis(250);
    private String userAgent = "capstan-oci/0.1";
    private long chunkSize = 8L * 1024 * 1024;

    private Builder() {}

    /** The same credentials for every registry. */
    public Builder credentials(Credentials c) {
      Objects.requireNonNull(c, "credentials");
      this.credentials = r -> Optional.of(c);
      return this;
    }

    /** Credentials looked up by registry host, e.g. from a {@link DockerConfig}. */
    public Builder credentials(DockerConfig config) {
      Objects.requireNonNull(config, "config");
      this.credentials = config::credentialsFor;
      return this;
    }

    /** Credentials looked up by registry host by any function (first match of several configs). */
    public Builder credentials(Function<String, Optional<Credentials>> lookup) {
      this.credentials = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /** TLS trust (custom CA) and client certificate (mTLS); null for the JVM's defaults. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** Plain HTTP instead of HTTPS (Flux's {@code insecure}). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** An HTTP(S) proxy and its optional basic credentials. */
    public Builder proxy(InetSocketAddress address, Credentials credentials) {
      this.proxy = address;
      this.proxyCredentials = credentials;
      return this;
    }

    /** Timeout of one request until response headers (and of connecting). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Attempts per operation for transient failures (unreachable, 5xx, 429); at least 1. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** First wait between attempts (doubled each time). */
    public Builder retryWait(Duration wait) {
      this.retryWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** The {@code User-Agent} header. */
    public Builder userAgent(String agent) {
      this.userAgent = Objects.requireNonNull(agent, "agent");
      return this;
    }

    /** Blobs larger than this are pushed in chunks (PATCH) of this size; default 8 MiB. */
    public Builder chunkSize(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("chunkSize must be at least 1 KiB");
      }
      this.chunkSize = bytes;
      return this;
    }

    public OciClientOptions build() {
      return new OciClientOptions(this);
    }
  }
}

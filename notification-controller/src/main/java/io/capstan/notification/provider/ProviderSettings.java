package io.capstan.notification.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A Provider resolved for sending: its spec fields with the values from {@code secretRef} applied
 * ({@code address}, {@code token}, {@code username}, {@code password}, {@code headers}, {@code
 * proxy}), the PEM CA and client certificate/key from {@code certSecretRef} and the proxy from
 * {@code proxySecretRef}.
 *
 * <p>{@link #toString()} never prints the token, password, headers, client key or proxy
 * credentials.
 */
public record ProviderSettings(
    String type,
    String address,
    String channel,
    String username,
    String token,
    String password,
    Map<String, String> headers,
    String proxy,
    String proxyUsername,
    String proxyPassword,
    String caPem,
    Duration timeout,
    String providerUid,
    String commitStatus,
    GitHubApp githubApp,
    String certPem,
    String keyPem) {

  /** Flux's default Provider timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  public ProviderSettings {
    Objects.requireNonNull(type, "type");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** Minimal settings for {@code type} at {@code address} (for tests and embedders). */
  public static ProviderSettings of(String type, String address) {
    return builder(type).address(address).build();
  }

  /** A builder of settings for {@code type}; every other field starts unset. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** A builder holding every field of these settings (for copies with a few changes). */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.address = address;
    b.channel = channel;
    b.username = username;
    b.token = token;
    b.password = password;
    b.headers = headers;
    b.proxy = proxy;
    b.proxyUsername = proxyUsername;
    b.proxyPassword = proxyPassword;
    b.caPem = caPem;
    b.timeout = timeout;
    b.providerUid = providerUid;
    b.commitStatus = commitStatus;
    b.githubApp = githubApp;
    b.certPem = certPem;
    b.keyPem = keyPem;
    return b;
  }

  /** A copy with {@code token}. */
  public ProviderSettings withToken(String token) {
    return toBuilder().token(token).build();
  }

  /**
   * A copy with the commit status id of one notification ({@code spec.commitStatusExpr}'s value;
   * null: Flux's default {@code <kind>/<name>/<Provider UID prefix>}).
   */
  public ProviderSettings withCommitStatus(String commitStatus) {
    return toBuilder().commitStatus(commitStatus).build();
  }

  /** A copy with {@code channel} and {@code username}. */
  public ProviderSettings withChannel(String channel, String username) {
    return toBuilder().channel(channel).username(username).build();
  }

  /** A copy with basic-auth {@code username}/{@code password}. */
  public ProviderSettings withBasicAuth(String username, String password) {
    return toBuilder().username(username).password(password).build();
  }

  /** A copy with extra {@code headers}. */
  public ProviderSettings withHeaders(Map<String, String> headers) {
    return toBuilder().headers(headers).build();
  }

  /** Mutable builder of {@link ProviderSettings}; {@link #build()} applies the defaults. */
  public static final class Builder {
    private final String type;
    private String address;
    private String channel;
    private String username;
    private String token;
    private String password;
    private Map<String, String> headers = Map.of();
    private String proxy;
    private String proxyUsername;
    private String proxyPassword;
    private String caPem;
    private Duration timeout;
    private String providerUid;
    private String commitStatus;
    private GitHubApp githubApp;
    private String certPem;
    private String keyPem;

    private Builder(String type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** The Provider's address (spec or secret {@code address}). */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /** The Provider's {@code channel}. */
    public Builder channel(String channel) {
      this.channel = channel;
      return this;
    }

    /** The {@code username} (spec or secret). */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /** The secret {@code token}. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The secret {@code password}. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The secret {@code headers}. */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /** The proxy URL and its credentials (may be null). */
    public Builder proxy(String proxy, String username, String password) {
      this.proxy = proxy;
      this.proxyUsername = username;
      this.proxyPassword = password;
      return this;
    }

    /** The PEM CA bundle of {@code certSecretRef}. */
    public Builder caPem(String caPem) {
      this.caPem = caPem;
      return this;
    }

    /** The per-attempt timeout (null: {@link #DEFAULT_TIMEOUT}). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The Provider object's UID (commit status contexts). */
    public Builder providerUid(String providerUid) {
      this.providerUid = providerUid;
      return this;
    }

    /** The commit status id of one notification (null: Flux's default). */
    public Builder commitStatus(String commitStatus) {
      this.commitStatus = commitStatus;
      return this;
    }

    /** The GitHub App credentials of the secret (null: none). */
    public Builder githubApp(GitHubApp githubApp) {
      this.githubApp = githubApp;
      return this;
    }

    /**
     * The PEM client certificate ({@code tls.crt}) and key ({@code tls.key}) of {@code
     * certSecretRef} for mutual TLS (null: none).
     */
    public Builder clientCertificate(String certPem, String keyPem) {
      this.certPem = certPem;
      this.keyPem = keyPem;
      return this;
    }

    /** The settings. */
    public ProviderSettings build() {
      return new ProviderSettings(
          type,
          address,
          channel,
          username,
          token,
          password,
          headers,
          proxy,
          proxyUsername,
          proxyPassword,
          caPem,
          timeout,
          providerUid,
          commitStatus,
          githubApp,
          certPem,
          keyPem);
    }
  }

  /** The literal secret values to mask in logs and errors. */
  public java.util.List<String> secretValues() {
    java.util.List<String> out = new java.util.ArrayList<>();
    String appKey = githubApp == null ? null : githubApp.privateKeyPem();
    for (String s : new String[] {token, password, proxyPassword, appKey, keyPem}) {
      if (s != null && !s.isEmpty()) {
        out.add(s);
      }
    }
    headers.values().stream().filter(v -> v != null && v.length() > 3).forEach(out::add);
    return out;
  }

  @Override
  public String toString() {
    return "ProviderSettings[type=" + type + ", channel=" + channel + ", timeout=" + timeout + "]";
  }
}

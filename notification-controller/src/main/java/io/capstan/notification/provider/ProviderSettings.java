package io.capstan.notification.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A Provider resolved for sending: its spec fields with the values from {@code secretRef} applied
 * ({@code address}, {@code token}, {@code username}, {@code password}, {@code headers}, {@code
 * proxy}), the PEM CA from {@code certSecretRef} and the proxy from {@code proxySecretRef}.
 *
 * <p>{@link #toString()} never prints the token, password, headers or proxy credentials.
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
    String providerUid) {

  /** Flux's default Provider timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  public ProviderSettings {
    Objects.requireNonNull(type, "type");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** Minimal settings for {@code type} at {@code address} (for tests and embedders). */
  public static ProviderSettings of(String type, String address) {
    return new ProviderSettings(
        type, address, null, null, null, null, Map.of(), null, null, null, null, null, null);
  }

  /** A copy with {@code token}. */
  public ProviderSettings withToken(String token) {
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
        providerUid);
  }

  /** A copy with {@code channel} and {@code username}. */
  public ProviderSettings withChannel(String channel, String username) {
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
        providerUid);
  }

  /** A copy with basic-auth {@code username}/{@code password}. */
  public ProviderSettings withBasicAuth(String username, String password) {
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
        providerUid);
  }

  /** A copy with extra {@code headers}. */
  public ProviderSettings withHeaders(Map<String, String> headers) {
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
        providerUid);
  }

  /** The literal secret values to mask in logs and errors. */
  public java.util.List<String> secretValues() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String s : new String[] {token, password, proxyPassword}) {
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

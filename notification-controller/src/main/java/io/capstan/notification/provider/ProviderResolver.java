package io.capstan.notification.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.notification.v1beta3.Provider;
import io.capstan.api.notification.v1beta3.ProviderSpec;
import io.capstan.runtime.reconcile.GoDuration;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a Provider into {@link ProviderSettings} by reading its Secrets from the Provider's
 * namespace, as Flux does: {@code secretRef} keys {@code address}, {@code token}, {@code username},
 * {@code password}, {@code proxy}, {@code headers} (a YAML map) override the spec; {@code
 * certSecretRef} gives {@code ca.crt} (or the deprecated {@code caFile}) and/or the client pair
 * {@code tls.crt} + {@code tls.key} (mutual TLS; half a pair is invalid); {@code proxySecretRef}
 * gives {@code address}, {@code username}, {@code password}.
 */
public final class ProviderResolver {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final KubernetesClient client;

  /** Reads Secrets through {@code client}. */
  public ProviderResolver(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * The settings of {@code provider}.
   *
   * @throws UnsupportedProviderException when a referenced Secret or key is missing or invalid
   */
  public ProviderSettings resolve(Provider provider) throws UnsupportedProviderException {
    ProviderSpec spec = provider.getSpec();
    if (spec == null || spec.getType() == null) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID, "provider has no type");
    }
    String namespace = provider.getMetadata().getNamespace();
    String type = typeName(spec);
    String address = spec.getAddress();
    String username = spec.getUsername();
    String proxy = spec.getProxy();
    String token = null;
    GitHubApp githubApp = null;
    String password = null;
    String proxyUser = null;
    String proxyPassword = null;
    String ca = null;
    String certPem = null;
    String keyPem = null;
    Map<String, String> headers = new LinkedHashMap<>();
    if (spec.getSecretRef() != null) {
      Map<String, String> data = secret(namespace, spec.getSecretRef(), "secretRef");
      address = data.getOrDefault("address", address);
      password = data.get("password");
      proxy = data.getOrDefault("proxy", proxy);
      token = data.get("token");
      githubApp = GitHubApp.from(data);
      username = data.getOrDefault("username", username);
      if (data.containsKey("headers")) {
        try {
          Map<?, ?> parsed = YAML.readValue(data.get("headers"), Map.class);
          if (parsed != null) {
            parsed.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
          }
        } catch (Exception e) {
          throw new UnsupportedProviderException(
              UnsupportedProviderException.INVALID,
              "failed to read headers from secret '" + spec.getSecretRef().getName() + "'");
        }
      }
    }
    if (spec.getCertSecretRef() != null) {
      Map<String, String> data = secret(namespace, spec.getCertSecretRef(), "certSecretRef");
      ca = data.getOrDefault("ca.crt", data.get("caFile"));
      certPem = data.get("tls.crt");
      keyPem = data.get("tls.key");
      String name = spec.getCertSecretRef().getName();
      if ((certPem == null) != (keyPem == null)) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.INVALID,
            "invalid certSecretRef '" + name + "': 'tls.crt' and 'tls.key' must be set together");
      }
      if (ca == null && certPem == null) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.INVALID,
            "no 'ca.crt' or 'tls.crt'/'tls.key' keys in certSecretRef '" + name + "'");
      }
    }
    if (spec.getProxySecretRef() != null) {
      Map<String, String> data = secret(namespace, spec.getProxySecretRef(), "proxySecretRef");
      proxy = data.get("address");
      if (proxy == null) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.INVALID,
            "no 'address' key in proxySecretRef '" + spec.getProxySecretRef().getName() + "'");
      }
      proxyUser = data.get("username");
      proxyPassword = data.get("password");
    }
    Duration timeout = ProviderSettings.DEFAULT_TIMEOUT;
    if (spec.getTimeout() != null && !spec.getTimeout().isBlank()) {
      try {
        timeout = GoDuration.parse(spec.getTimeout());
      } catch (RuntimeException e) {
        throw new UnsupportedProviderException(
            UnsupportedProviderException.INVALID, "invalid timeout " + spec.getTimeout());
      }
    }
    return ProviderSettings.builder(type)
        .address(address)
        .channel(spec.getChannel())
        .username(username)
        .token(token)
        .password(password)
        .headers(headers)
        .proxy(proxy, proxyUser, proxyPassword)
        .caPem(ca)
        .clientCertificate(certPem, keyPem)
        .timeout(timeout)
        .providerUid(provider.getMetadata().getUid())
        .githubApp(githubApp)
        .build();
  }

  /** The type as Flux spells it ({@code generic-hmac}, not the Java constant name). */
  public static String typeName(ProviderSpec spec) {
    return spec.getType().name().replace('_', '-');
  }

  private Map<String, String> secret(String namespace, LocalObjectReference ref, String field)
      throws UnsupportedProviderException {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    } catch (RuntimeException e) {
      secret = null;
    }
    if (secret == null) {
      throw new UnsupportedProviderException(
          UnsupportedProviderException.INVALID,
          "failed to read " + field + " secret '" + namespace + "/" + ref.getName() + "'");
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      out.putAll(secret.getStringData());
    }
    return out;
  }
}

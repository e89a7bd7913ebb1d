package io.capstan.source.controller;

import io.capstan.oci.DockerConfig;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.source.oci.OciTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Reads Secrets referenced by a source object as decoded byte maps ({@code data}, with {@code
 * stringData} folded in, as the API server would store it). Values never leave this class other
 * than to the Git layer.
 *
 * <p>Also the Secret handling the registry and chart repository clients share: the docker config
 * and TLS keys they read, redaction of the secret values, the {@code AuthenticationFailed} error
 * and the fingerprint that keys the client caches.
 */
final class Secrets {

  private final KubernetesClient client;

  Secrets(KubernetesClient client) {
    this.client = client;
  }

  /** The decoded data of {@code namespace/name}, or empty when the Secret does not exist. */
  Optional<Map<String, byte[]>> read(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.of(data);
  }

  /** Flux's wording for a Secret that could not be read. */
  static String notFound(String what, String namespace, String name) {
    return "failed to get "
        + what
        + " '"
        + namespace
        + "/"
        + name
        + "': secrets \""
        + name
        + "\" not found";
  }

  /** Flux's reason for a Secret that is missing or cannot be used. */
  static final String AUTHENTICATION_FAILED = "AuthenticationFailed";

  /**
   * The data of {@code namespace/name}; when it does not exist, fails with {@link #authFailed} and
   * {@code prefix + notFound(what, namespace, name)}.
   */
  Map<String, byte[]> require(String namespace, String name, String what, String prefix) {
    return read(namespace, name)
        .orElseThrow(() -> authFailed(prefix + notFound(what, namespace, name)));
  }

  /** {@code FetchFailed=True} with reason {@code AuthenticationFailed}: retried, not stalled. */
  static ReconcileError.Generic authFailed(String message) {
    return new ReconcileError.Generic(AUTHENTICATION_FAILED, message)
        .withCondition(SourceConditions.FETCH_FAILED);
  }

  /** The PEM material of a TLS Secret; each part may be null. */
  record TlsMaterial(byte[] ca, byte[] cert, byte[] key) {}

  /**
   * {@code ca.crt}, {@code tls.crt} and {@code tls.key} of {@code data} (with {@code legacyKeys},
   * the deprecated {@code caFile}, {@code certFile} and {@code keyFile} when the first are absent);
   * the private key is passed to {@code redact}.
   */
  static TlsMaterial tls(Map<String, byte[]> data, boolean legacyKeys, Consumer<String> redact) {
    byte[] ca = first(data, "ca.crt", legacyKeys ? "caFile" : null);
    byte[] cert = first(data, "tls.crt", legacyKeys ? "certFile" : null);
    byte[] key = first(data, "tls.key", legacyKeys ? "keyFile" : null);
    if (key != null) {
      redact.accept(new String(key, StandardCharsets.UTF_8).trim());
    }
    return new TlsMaterial(ca, cert, key);
  }

  /**
   * The registry TLS context of the certificate Secret {@code namespace/name}, its material fed
   * into {@code fingerprint}; {@link #authFailed} when the material is invalid.
   */
  static SSLContext registryTls(
      TlsMaterial tls, String namespace, String name, MessageDigest fingerprint) {
    SSLContext context;
    try {
      context = OciTls.context(tls.ca(), tls.cert(), tls.key());
    } catch (IllegalArgumentException e) {
      throw authFailed(
          "failed to get TLS config from secret '"
              + namespace
              + "/"
              + name
              + "': "
              + e.getMessage());
    }
    feed(fingerprint, tls.ca(), tls.cert(), tls.key());
    return context;
  }

  /**
   * The {@code .dockerconfigjson} of the Secret {@code namespace/name}, parsed; every password in
   * it is passed to {@code redact} and the JSON fed into {@code fingerprint}; {@link #authFailed}
   * when it cannot be parsed.
   */
  static DockerConfig dockerConfig(
      byte[] json,
      String namespace,
      String name,
      Consumer<String> redact,
      MessageDigest fingerprint) {
    DockerConfig config;
    try {
      config = DockerConfig.parse(json);
    } catch (IllegalArgumentException e) {
      throw authFailed(
          "failed to get credential from secret '"
              + namespace
              + "/"
              + name
              + "': "
              + e.getMessage());
    }
    for (String registry : config.registries()) {
      config.credentialsFor(registry).ifPresent(c -> redact.accept(c.password()));
    }
    feed(fingerprint, json);
    return config;
  }

  /** Feeds each part (null as a zero byte) and a separator into a client cache fingerprint. */
  static void feed(MessageDigest digest, byte[]... parts) {
    for (byte[] p : parts) {
      digest.update(p == null ? new byte[] {0} : p);
      digest.update((byte) '|');
    }
  }

  private static byte[] first(Map<String, byte[]> data, String key, String legacy) {
    byte[] v = data.get(key);
    return v != null || legacy == null ? v : data.get(legacy);
  }
}

package io.capstan.source.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Secrets referenced by a source object as decoded byte maps ({@code data}, with {@code
 * stringData} folded in, as the API server would store it). Values never leave this class other
 * than to the Git layer.
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
}

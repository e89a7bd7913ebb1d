package io.capstan.image.automation.controller;

import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Reads a referenced Secret's decoded data; a missing Secret is a retried failure. */
final class SecretData {

  private SecretData() {}

  /** The data of {@code namespace/name}, or an empty map when {@code name} is null or empty. */
  static Map<String, byte[]> read(
      KubernetesClient client, String namespace, String name, String what, String reason) {
    if (name == null || name.isEmpty()) {
      return Map.of();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new ReconcileError.Generic(
          reason, "failed to get " + what + " '" + namespace + "/" + name + "': not found");
    }
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }
}

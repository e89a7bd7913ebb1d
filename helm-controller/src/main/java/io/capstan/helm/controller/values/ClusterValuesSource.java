package io.capstan.helm.controller.values;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link ValuesSource} of a cluster: the ConfigMaps and Secrets of one namespace, read as
 * helm-controller reads them (Secret {@code data} base64-decoded, {@code stringData} over it). Used
 * by the reconciler and by {@code capstan build|diff helmrelease}, so both compose the same values.
 */
public final class ClusterValuesSource implements ValuesSource {

  private final KubernetesClient client;
  private final String namespace;

  /** Reads from {@code namespace} through {@code client}. */
  public ClusterValuesSource(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public Map<String, String> read(String kind, String name) {
    if ("ConfigMap".equals(kind)) {
      ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
      if (cm == null) {
        return null;
      }
      return cm.getData() == null ? Map.of() : cm.getData();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return null;
    }
    Map<String, String> decoded = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  decoded.put(
                      k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      decoded.putAll(secret.getStringData());
    }
    return decoded;
  }
}

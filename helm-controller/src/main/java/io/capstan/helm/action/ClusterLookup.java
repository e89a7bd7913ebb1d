package io.capstan.helm.action;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.helm.engine.Lookup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code lookup} template function answered from a cluster, as Helm does during install and
 * upgrade: an object, a list object when the name is empty, an empty map when nothing is found.
 */
final class ClusterLookup implements Lookup {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final KubernetesClient client;

  ClusterLookup(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Map<String, Object> lookup(String apiVersion, String kind, String namespace, String name)
      throws Exception {
    try {
      var op = client.genericKubernetesResources(apiVersion, kind);
      if (name == null || name.isEmpty()) {
        GenericKubernetesResourceList list =
            namespace == null || namespace.isEmpty()
                ? op.inAnyNamespace().list()
                : op.inNamespace(namespace).list();
        return toMap(list);
      }
      GenericKubernetesResource r =
          namespace == null || namespace.isEmpty()
              ? op.withName(name).get()
              : op.inNamespace(namespace).withName(name).get();
      return r == null ? new LinkedHashMap<>() : toMap(r);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return new LinkedHashMap<>();
      }
      throw e;
    }
  }

  private static Map<String, Object> toMap(Object o) {
    return MAPPER.convertValue(o, new TypeReference<LinkedHashMap<String, Object>>() {});
  }
}

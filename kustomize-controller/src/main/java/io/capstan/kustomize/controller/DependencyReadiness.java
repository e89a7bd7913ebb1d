package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.Kustomization;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Whether a Kustomization named in {@code dependsOn} is ready, as Flux checks it. */
final class DependencyReadiness {

  private DependencyReadiness() {}

  /**
   * Null when {@code namespace/name} exists, has observed its generation and is {@code Ready=True};
   * otherwise a message saying why not.
   */
  static String notReady(KubernetesClient client, String namespace, String name) {
    GenericKubernetesResource dep =
        client
            .genericKubernetesResources(Kustomization.API_VERSION, Kustomization.KIND)
            .inNamespace(namespace)
            .withName(name)
            .get();
    String id = "'" + namespace + "/" + name + "'";
    if (dep == null) {
      return "dependency " + id + " not found";
    }
    Object status = dep.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s)) {
      return "dependency " + id + " is not ready";
    }
    Object observed = s.get("observedGeneration");
    Long generation = dep.getMetadata().getGeneration();
    if (!(observed instanceof Number n) || !Objects.equals(n.longValue(), generation)) {
      return "dependency " + id + " is not ready";
    }
    if (s.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> m && "Ready".equals(m.get("type"))) {
          return "True".equals(m.get("status")) ? null : "dependency " + id + " is not ready";
        }
      }
    }
    return "dependency " + id + " is not ready";
  }
}

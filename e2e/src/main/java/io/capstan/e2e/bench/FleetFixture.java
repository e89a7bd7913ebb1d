package io.capstan.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * What the Kustomization benchmark puts in Git and in the cluster: one directory of three objects
 * (ConfigMap, headless Service, ServiceAccount, no kustomization.yaml so the controller generates
 * one), and N Kustomizations of it that differ by {@code namePrefix}, so each owns its own three
 * objects in the run's namespace.
 */
final class FleetFixture {

  /** The directory in the repository that every Kustomization builds. */
  static final String PATH = "app";

  /** The apiVersion of the source kinds. */
  static final String SOURCE_V1 = "source.toolkit.fluxcd.io/v1";

  private FleetFixture() {}

  /** The files of the one commit: path to content. */
  static Map<String, String> files() {
    return Map.of(
        PATH + "/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          greeting: hello
          replicas: "3"
        """,
        PATH + "/service.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          clusterIP: None
          selector:
            app: web
          ports:
            - name: http
              port: 80
              targetPort: 8080
        """,
        PATH + "/serviceaccount.yaml",
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
        """);
  }

  /** The GitRepository {@code fleet} in {@code namespace}, pointing at {@code url}. */
  static GenericKubernetesResource gitRepository(String namespace, String url) {
    return Serialization.unmarshal(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: fleet
          namespace: %s
        spec:
          interval: 1h
          url: %s
          ref:
            branch: main
        """
            .formatted(namespace, url),
        GenericKubernetesResource.class);
  }

  /** Kustomization {@code k<i>} of the fleet directory, applying {@code k<i>-*} objects. */
  static GenericKubernetesResource kustomization(String namespace, int i) {
    return Serialization.unmarshal(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: k%d
          namespace: %s
        spec:
          interval: 1h
          prune: true
          path: ./%s
          targetNamespace: %s
          namePrefix: k%d-
          sourceRef:
            kind: GitRepository
            name: fleet
        """
            .formatted(i, namespace, PATH, namespace, i),
        GenericKubernetesResource.class);
  }

  /** Whether {@code object} has {@code Ready=True} in {@code status.conditions}. */
  @SuppressWarnings("unchecked")
  static boolean isReady(GenericKubernetesResource object) {
    Object status = object.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    for (Object c : conditions) {
      Map<String, Object> condition = (Map<String, Object>) c;
      if ("Ready".equals(condition.get("type")) && "True".equals(condition.get("status"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code status.<field>} as a string, or null. */
  static String statusField(GenericKubernetesResource object, String field) {
    Object status = object.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> s && s.get(field) != null ? s.get(field).toString() : null;
  }
}

package io.capstan.e2e.story;

/** The manifests the stories keep in Git: a small web application and plain ConfigMaps. */
final class Manifests {

  private Manifests() {}

  /** A Deployment {@code web} with {@code replicas} pods whose container has env GREETING. */
  static String deployment(int replicas, String greeting) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: %d
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                env:
                - name: GREETING
                  value: "%s"
        """
        .formatted(replicas, greeting);
  }

  /** A ClusterIP Service {@code web} in front of the Deployment. */
  static String service() {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 8080
        """;
  }

  /** A ConfigMap {@code name} holding {@code key: value}. */
  static String configMap(String name, String key, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          %s: "%s"
        """
        .formatted(name, key, value);
  }

  /** A Kustomization of GitRepository {@code source}; {@code extraSpec} is indented spec YAML. */
  static String kustomization(
      String name, String source, String path, String targetNamespace, String extraSpec) {
    return """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
        spec:
          interval: 5s
          retryInterval: 2s
          timeout: 30s
          path: %s
          targetNamespace: %s
          sourceRef:
            kind: GitRepository
            name: %s
        %s
        """
        .formatted(name, path, targetNamespace, source, extraSpec.indent(2).stripTrailing());
  }
}

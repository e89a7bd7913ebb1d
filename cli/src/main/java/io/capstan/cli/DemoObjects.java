package io.capstan.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;

/**
 * The Flux objects {@code run --local} creates for the {@link ExampleApplication}: a GitRepository
 * and a Kustomization named {@value #NAME} in {@value #NAMESPACE}, written as a user would write
 * them, and the status rows a user would read from them.
 */
final class DemoObjects {

  static final String NAMESPACE = "flux-system";
  static final String NAME = "webapp";
  static final String SOURCE_INTERVAL = "15s";
  static final String KUSTOMIZATION_INTERVAL = "20s";

  private static final String FIELD_MANAGER = "capstan";

  private DemoObjects() {}

  /** The GitRepository + Kustomization YAML for a repository at {@code url}, branch main. */
  static String manifests(URI url) {
    return """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          interval: %4$s
          url: %3$s
          ref:
            branch: main
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          interval: %5$s
          path: ./
          prune: true
          wait: true
          timeout: 2m
          sourceRef:
            kind: GitRepository
            name: %2$s
        """
        .formatted(NAMESPACE, NAME, url, SOURCE_INTERVAL, KUSTOMIZATION_INTERVAL);
  }

  /** {@code spec.interval} of the ImageRepository and the ImageUpdateAutomation. */
  static final String IMAGE_INTERVAL = "10s";

  /**
   * The ImageRepository, ImagePolicy ({@code semver >=1.0.0}) and ImageUpdateAutomation (commit to
   * {@code main}, path {@code ./}, Setters) named {@value #NAME} for {@code image} in a plain HTTP
   * registry on loopback.
   */
  static String imageManifests(String image) {
    return """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageRepository
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          image: %3$s
          interval: %4$s
          insecure: true
        ---
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          imageRepositoryRef:
            name: %2$s
          policy:
            semver:
              range: ">=1.0.0"
        ---
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          interval: %4$s
          sourceRef:
            kind: GitRepository
            name: %2$s
          git:
            checkout:
              ref:
                branch: main
            commit:
              author:
                name: capstan
                email: capstan@example.com
              messageTemplate: |-
                Update image{{ range .Changed.Changes }} {{ .OldValue }} -> {{ .NewValue }}{{ end }}
            push:
              branch: main
          update:
            path: ./
            strategy: Setters
        """
        .formatted(NAMESPACE, NAME, image, IMAGE_INTERVAL);
  }

  /** The Secret holding the demo Receiver's token. */
  static final String RECEIVER_SECRET = NAME + "-receiver";

  /**
   * The Provider (type {@code generic}, posting to {@code providerAddress}) and Alert (info events
   * of the GitRepository and Kustomization {@value #NAME}), and a generic Receiver whose webhook
   * reconciles the GitRepository, with its token Secret, all named {@value #NAME}.
   */
  static String notificationManifests(URI providerAddress, String receiverToken) {
    return """
        apiVersion: v1
        kind: Secret
        metadata:
          name: %5$s
          namespace: %1$s
        stringData:
          token: "%4$s"
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          type: generic
          address: "%3$s"
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Alert
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          providerRef:
            name: %2$s
          eventSeverity: info
          eventSources:
          - kind: GitRepository
            name: %2$s
          - kind: Kustomization
            name: %2$s
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata:
          name: %2$s
          namespace: %1$s
        spec:
          type: generic
          secretRef:
            name: %5$s
          resources:
          - apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            name: %2$s
        """
        .formatted(NAMESPACE, NAME, providerAddress, receiverToken, RECEIVER_SECRET);
  }

  /** Server-side applies {@link #notificationManifests(URI, String)}. */
  static void applyNotifications(KubernetesClient client, URI providerAddress, String token) {
    namespace(client);
    applyDocuments(client, notificationManifests(providerAddress, token));
  }

  /** Server-side applies {@link #imageManifests(String)}. */
  static void applyImageAutomation(KubernetesClient client, String image) {
    applyDocuments(client, imageManifests(image));
  }

  /** Creates the namespace and server-side applies {@link #manifests(URI)}. */
  static void apply(KubernetesClient client, URI url) {
    namespace(client);
    applyDocuments(client, manifests(url));
  }

  private static void namespace(KubernetesClient client) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .fieldManager(FIELD_MANAGER)
        .serverSideApply();
  }

  private static void applyDocuments(KubernetesClient client, String yaml) {
    for (String document : yaml.split("(?m)^---$")) {
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(document, GenericKubernetesResource.class))
          .fieldManager(FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    }
  }

  /** The current rows: the GitRepository, the Kustomization and the app's Deployment. */
  static List<StatusRow> statusRows(KubernetesClient client) {
    return statusRows(client, false);
  }

  /** As {@link #statusRows(KubernetesClient)}, with the image automation objects when asked. */
  static List<StatusRow> statusRows(KubernetesClient client, boolean images) {
    return statusRows(client, images, null);
  }

  /**
   * As {@link #statusRows(KubernetesClient, boolean)}, then the Provider, Alert and Receiver when
   * {@code notifications} (the Provider row's note: what its webhook received) is not null.
   */
  static List<StatusRow> statusRows(KubernetesClient client, boolean images, String notifications) {
    List<StatusRow> rows = new java.util.ArrayList<>(baseRows(client));
    if (images) {
      for (String kind : List.of("ImageRepository", "ImagePolicy", "ImageUpdateAutomation")) {
        rows.add(
            StatusRow.ofFluxObject(
                kind, NAMESPACE, NAME, read(client, "image.toolkit.fluxcd.io/v1", kind)));
      }
    }
    if (notifications != null) {
      String v1beta3 = "notification.toolkit.fluxcd.io/v1beta3";
      rows.add(
          StatusRow.ofNotificationObject(
              "Provider", NAMESPACE, NAME, read(client, v1beta3, "Provider"), notifications));
      rows.add(
          StatusRow.ofNotificationObject(
              "Alert", NAMESPACE, NAME, read(client, v1beta3, "Alert"), null));
      rows.add(
          StatusRow.ofNotificationObject(
              "Receiver",
              NAMESPACE,
              NAME,
              read(client, "notification.toolkit.fluxcd.io/v1", "Receiver"),
              null));
    }
    return rows;
  }

  private static List<StatusRow> baseRows(KubernetesClient client) {
    return List.of(
        StatusRow.ofFluxObject(
            "GitRepository",
            NAMESPACE,
            NAME,
            read(client, "source.toolkit.fluxcd.io/v1", "GitRepository")),
        StatusRow.ofFluxObject(
            "Kustomization",
            NAMESPACE,
            NAME,
            read(client, "kustomize.toolkit.fluxcd.io/v1", "Kustomization")),
        StatusRow.ofDeployment(
            ExampleApplication.NAMESPACE,
            ExampleApplication.DEPLOYMENT,
            client
                .apps()
                .deployments()
                .inNamespace(ExampleApplication.NAMESPACE)
                .withName(ExampleApplication.DEPLOYMENT)
                .get()));
  }

  private static GenericKubernetesResource read(
      KubernetesClient client, String apiVersion, String kind) {
    return client
        .genericKubernetesResources(apiVersion, kind)
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .get();
  }
}

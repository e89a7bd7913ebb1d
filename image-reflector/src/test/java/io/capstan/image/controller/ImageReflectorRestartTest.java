package io.capstan.image.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.meta.Condition;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.RegistryRequest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored tags survive a restart; cross-namespace references obey accessFrom. */
@WithKubernetes
class ImageReflectorRestartTest {

  private static <T> T yaml(String text, Class<T> type) {
    return TolerantSerialization.create().unmarshal(text, type);
  }

  private static String tag(KubernetesClient client, String ns, String name) {
    ImagePolicy p = client.resources(ImagePolicy.class).inNamespace(ns).withName(name).get();
    return p == null || p.getStatus() == null || p.getStatus().getLatestRef() == null
        ? null
        : p.getStatus().getLatestRef().getTag();
  }

  private static String readyReason(KubernetesClient client, String ns, String name) {
    ImagePolicy p = client.resources(ImagePolicy.class).inNamespace(ns).withName(name).get();
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(Condition::getReason)
        .findFirst()
        .orElse(null);
  }

  private static ImageReflectorController controller(KubernetesClient client, Path storage) {
    return ImageReflectorController.builder()
        .client(client)
        .options(
            ImageReflectorOptions.builder()
                .storagePath(storage)
                .requeueDependency(Duration.ofSeconds(2))
                .build())
        .build();
  }

  @Test
  void restartNeedsNoRescanAndAccessFromIsEnforced(
      KubeControlPlane plane, KubeNamespace namespace, @TempDir Path storage) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry not installed");
    String ns = namespace.name();
    String other = ns + "-other";
    String allowed = ns + "-allowed";
    try (OciRegistry registry = OciRegistry.builder().start();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(plane.clientConfig(ns))
                .withKubernetesSerialization(TolerantSerialization.create())
                .build()) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
          .create();
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(allowed)
                  .withLabels(Map.of("team", "apps"))
                  .endMetadata()
                  .build())
          .create();
      try {
        for (String t : new String[] {"1.0.0", "1.4.0"}) {
          registry.pushArtifact("org/app", t, Map.of("f", t));
        }
        client
            .resource(
                yaml(
                    """
                    apiVersion: image.toolkit.fluxcd.io/v1
                    kind: ImageRepository
                    metadata: {name: app, namespace: %s}
                    spec:
                      image: %s/org/app
                      interval: 1h
                      insecure: true
                      accessFrom:
                        namespaceSelectors: [{matchLabels: {team: apps}}]
                    """
                        .formatted(ns, registry.host()),
                    ImageRepository.class))
            .create();
        String policyYaml =
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImagePolicy
            metadata: {name: %s, namespace: %s}
            spec:
              imageRepositoryRef: {name: app, namespace: %s}
              policy: {semver: {range: '%s'}}
            """;
        client
            .resource(yaml(policyYaml.formatted("p", ns, ns, "<2.0.0"), ImagePolicy.class))
            .create();
        client
            .resource(yaml(policyYaml.formatted("p", other, ns, "*"), ImagePolicy.class))
            .create();
        client
            .resource(yaml(policyYaml.formatted("p", allowed, ns, "*"), ImagePolicy.class))
            .create();

        try (ImageReflectorController first = controller(client, storage)) {
          first.start();
          await().atMost(Duration.ofSeconds(60)).until(() -> "1.4.0".equals(tag(client, ns, "p")));
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> "1.4.0".equals(tag(client, allowed, "p")));
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> "AccessDenied".equals(readyReason(client, other, "p")));
        }

        registry.clearRequests();
        try (ImageReflectorController second = controller(client, storage)) {
          second.start();
          client
              .resources(ImagePolicy.class)
              .inNamespace(ns)
              .withName("p")
              .edit(
                  p -> {
                    p.getSpec().getPolicy().getSemver().setRange("<1.2.0");
                    return p;
                  });
          await().atMost(Duration.ofSeconds(60)).until(() -> "1.0.0".equals(tag(client, ns, "p")));
          assertThat(registry.requests())
              .extracting(RegistryRequest::uri)
              .noneMatch(uri -> uri.contains("/tags/list"));
        }
      } finally {
        client.namespaces().withName(other).delete();
        client.namespaces().withName(allowed).delete();
      }
    }
  }
}

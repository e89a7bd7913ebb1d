package io.capstan.kustomize.controller;

import static io.capstan.kustomize.controller.KustomizationReconcilerTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flux's {@code --watch-label-selector} (sharding): the controller reconciles only the
 * Kustomizations whose labels match; another one is left untouched (no finalizer, no status) until
 * it is labelled into the shard.
 */
@WithKubernetes
class WatchLabelSelectorTest {

  private static String kustomization(String name, String labels, String ns) {
    return """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
          labels: %s
        spec:
          interval: 1h
          prune: true
          targetNamespace: %s
          nameSuffix: -%s
          sourceRef:
            kind: GitRepository
            name: repo
        """
        .formatted(name, labels, ns, name);
  }

  @Test
  @DisplayName("only Kustomizations matching --watch-label-selector are reconciled")
  void shard(KubeControlPlane plane, KubernetesClient client, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    try (ArtifactHost host = new ArtifactHost();
        RunningKustomizeController controller =
            RunningKustomizeController.start(
                plane, ns, b -> b.watchLabelSelector("sharding.fluxcd.io/shard=shard1"))) {
      SourceFixture source = new SourceFixture(client, ns);
      source.createGitRepository(
          "repo", host.publish("/r1.tar.gz", Map.of("a.yaml", configMap("a", "one"))), "main@1");
      source.createKustomization(kustomization("mine", "{sharding.fluxcd.io/shard: shard1}", ns));
      source.createKustomization(kustomization("other", "{sharding.fluxcd.io/shard: shard2}", ns));

      source.awaitCondition(
          "mine",
          "Ready",
          "True/ReconciliationSucceeded: Applied revision: main@1",
          Duration.ofSeconds(30));
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                Kustomization other = source.kustomization("other");
                assertThat(other.getStatus() == null || other.getStatus().getConditions() == null)
                    .as("the other shard's Kustomization has no status")
                    .isTrue();
                assertThat(other.getMetadata().getFinalizers()).isNullOrEmpty();
              });
      assertThat(client.configMaps().inNamespace(ns).withName("a-other").get()).isNull();

      client
          .resources(Kustomization.class)
          .inNamespace(ns)
          .withName("other")
          .edit(
              k -> {
                k.getMetadata().getLabels().put("sharding.fluxcd.io/shard", "shard1");
                return k;
              });
      source.awaitCondition(
          "other",
          "Ready",
          "True/ReconciliationSucceeded: Applied revision: main@1",
          Duration.ofSeconds(30));
      assertThat(client.configMaps().inNamespace(ns).withName("a-other").get()).isNotNull();
    }
  }
}

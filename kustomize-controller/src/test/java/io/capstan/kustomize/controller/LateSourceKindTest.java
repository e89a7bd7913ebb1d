package io.capstan.kustomize.controller;

import static io.capstan.kustomize.controller.KustomizationReconcilerTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A source kind whose CRD is installed after the controller started is watched without a restart:
 * on its own control plane (the test removes the GitRepository CRD), a Kustomization with 1h
 * intervals applies its GitRepository's artifact within seconds of the CRD and the source
 * appearing.
 */
@WithKubernetes(isolated = true)
class LateSourceKindTest {

  private static final String CRD = "gitrepositories.source.toolkit.fluxcd.io";

  @Test
  @DisplayName(
      "a GitRepository CRD installed after start is watched: its source's artifact applies")
  void lateCrdWatched(KubeControlPlane plane, KubernetesClient admin, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    CustomResourceDefinition crd =
        CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX)
            .stream()
            .filter(c -> CRD.equals(c.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    admin.apiextensions().v1().customResourceDefinitions().withName(CRD).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get() == null);

    try (ArtifactHost host = new ArtifactHost();
        RunningKustomizeController controller =
            RunningKustomizeController.start(
                plane,
                ns,
                b -> b.requeueDependency(Duration.ofHours(1)),
                b -> b.sourceKindDiscovery(Duration.ofMillis(500)))) {
      SourceFixture source = new SourceFixture(admin, ns);
      source.createKustomization(
          """
          apiVersion: kustomize.toolkit.fluxcd.io/v1
          kind: Kustomization
          metadata:
            name: app
          spec:
            interval: 1h
            retryInterval: 1h
            prune: true
            targetNamespace: %s
            sourceRef:
              kind: GitRepository
              name: repo
          """
              .formatted(ns));
      source.awaitConditionStartingWith("app", "Ready", "False/", Duration.ofSeconds(30));

      CustomResourceDefinitions.install(admin, List.of(crd), Duration.ofSeconds(30));
      // The failed read is retried with backoff until the kind is served; then the Kustomization
      // waits for its 1h retry interval: only the late source watch (its initial listing or the
      // creation event) can wake it from here.
      source.awaitCondition(
          "app",
          "Ready",
          "False/ArtifactFailed: gitrepositories.source.toolkit.fluxcd.io \"repo\" not found",
          Duration.ofSeconds(30));
      source.createGitRepository("repo");
      source.publish(
          "repo", host.publish("/r1.tar.gz", Map.of("a.yaml", configMap("a", "one"))), "main@1");

      source.awaitCondition(
          "app",
          "Ready",
          "True/ReconciliationSucceeded: Applied revision: main@1",
          Duration.ofSeconds(15));
      assertThat(admin.configMaps().inNamespace(ns).withName("a").get()).isNotNull();
    }
  }
}

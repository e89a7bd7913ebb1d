package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Kustomization waiting on {@code dependsOn} is reconciled as soon as its dependency becomes
 * Ready, not after {@code requeueDependency} (set to an hour here, so only the watch can do it).
 */
@WithKubernetes
class DependentsRequeueTest {

  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void start(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    host = new ArtifactHost();
    controller =
        RunningKustomizeController.start(
            plane, namespace.name(), b -> b.requeueDependency(Duration.ofHours(1)));
  }

  @AfterEach
  void stop() {
    controller.close();
    host.close();
  }

  private static String kustomization(String name, String repo, String ns, String extra) {
    return """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
        spec:
          interval: 1h
          retryInterval: 1h
          prune: true
          targetNamespace: %s
          sourceRef:
            kind: GitRepository
            name: %s
        %s"""
        .formatted(name, ns, repo, extra);
  }

  @Test
  @DisplayName("reconciles the dependents of a Kustomization at once when it becomes Ready")
  void dependentsFollowReadiness(KubernetesClient client, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository("base-repo");
    source.createGitRepository(
        "app-repo",
        host.publish(
            "/app.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("app", "one"))),
        "main@sha1:aaaa");
    source.createKustomization(kustomization("base", "base-repo", ns, ""));
    source.createKustomization(
        kustomization("app", "app-repo", ns, "  dependsOn:\n  - name: base\n"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(source.condition("app", "Ready"))
                    .hasValueSatisfying(
                        c ->
                            assertThat(c)
                                .startsWith("False/DependencyNotReady")
                                .endsWith("dependency '" + ns + "/base' is not ready")));
    // Flux: Ready has the dependency's error, the Normal event says when it is retried.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Normal");
                          assertThat(e.getReason()).isEqualTo("DependencyNotReady");
                          assertThat(e.getMessage())
                              .isEqualTo(
                                  "Dependencies do not meet ready condition, retrying in 1h0m0s");
                        }));
    assertThat(source.condition("base", "Ready"))
        .hasValueSatisfying(
            c -> assertThat(c).startsWith("False/ArtifactFailed: Source artifact not found"));

    // The dependency's source gets an artifact: the source watch reconciles "base", and its
    // Ready transition reconciles "app" although both would otherwise wait an hour.
    source.publish(
        "base-repo",
        host.publish(
            "/base.tar.gz", Map.of("b.yaml", KustomizationReconcilerTest.configMap("base", "one"))),
        "main@sha1:bbbb");
    source.awaitCondition(
        "app",
        "Ready",
        "True/ReconciliationSucceeded: Applied revision: main@sha1:aaaa",
        Duration.ofSeconds(15));
    assertThat(client.configMaps().withName("app").get()).isNotNull();
  }
}

package io.capstan.kustomize.controller;

import static io.capstan.kustomize.controller.KustomizationReconcilerTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The source watch against a real API server: a Kustomization with {@code interval: 1h} applies a
 * new artifact revision within seconds of its GitRepository's {@code status.artifact} changing.
 */
@WithKubernetes
class SourceRevisionWatchApiServerTest {

  /** Far below the 1h interval: only the source watch can make it. */
  private static final Duration PICKUP = Duration.ofSeconds(10);

  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void start(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    host = new ArtifactHost();
    controller = RunningKustomizeController.start(plane, namespace.name());
  }

  @AfterEach
  void stop() {
    controller.close();
    host.close();
  }

  @ParameterizedTest(name = "sourceRef.namespace = ''{0}''")
  @ValueSource(strings = {"", "same"})
  @DisplayName(
      "a new artifact revision of the GitRepository is applied within seconds despite interval 1h,"
          + " with the sourceRef namespace defaulted or explicit")
  void newRevisionAppliedAtOnce(
      String refNamespace, KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository(
        "repo",
        host.publish("/r1.tar.gz", Map.of("deploy/a.yaml", configMap("a", "one"))),
        "main@sha1:1111");
    String explicitNamespace = refNamespace.isEmpty() ? "" : "\n    namespace: " + ns;
    source.createKustomization(
        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app
                spec:
                  interval: 1h
                  path: ./deploy
                  prune: true
                  targetNamespace: %s
                  sourceRef:
                    kind: GitRepository
                    name: repo%s
                """
            .formatted(ns, explicitNamespace));
    source.awaitCondition(
        "app",
        "Ready",
        "True/ReconciliationSucceeded: Applied revision: main@sha1:1111",
        Duration.ofSeconds(30));

    source.publish(
        "repo",
        host.publish("/r2.tar.gz", Map.of("deploy/a.yaml", configMap("a", "two"))),
        "main@sha1:2222");
    await()
        .atMost(PICKUP)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(data(client, "a")).isEqualTo("two");
              Kustomization k = source.kustomization("app");
              assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo("main@sha1:2222");
            });
    assertThat(source.condition("app", "Ready"))
        .contains("True/ReconciliationSucceeded: Applied revision: main@sha1:2222");
  }

  private static String data(KubernetesClient client, String name) {
    ConfigMap cm = client.configMaps().withName(name).get();
    return cm == null ? null : cm.getData().get("key");
  }
}

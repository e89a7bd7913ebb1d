package io.capstan.kustomize.controller;

import static io.capstan.kustomize.controller.KustomizationReconcilerTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flux's source predicate lets a source's creation and deletion through: the Kustomizations
 * referring to it reconcile at once, not at their next (here: 1h) interval or retry interval.
 */
@WithKubernetes
class SourceTriggersTest {

  /** Far below the 1h intervals: only the source watch can make it. */
  private static final Duration PICKUP = Duration.ofSeconds(10);

  private static final String KUSTOMIZATION =
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
      """;

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

  @Test
  @DisplayName("creating the missing source reconciles the Kustomization at once")
  void creationTriggers(KubernetesClient client, KubeNamespace namespace) {
    SourceFixture source = new SourceFixture(client, namespace.name());
    source.createKustomization(KUSTOMIZATION.formatted(namespace.name()));
    source.awaitCondition(
        "app",
        "Ready",
        "False/ArtifactFailed: gitrepositories.source.toolkit.fluxcd.io \"repo\" not found",
        Duration.ofSeconds(30));

    // Created without an artifact: only the creation event can move the Kustomization on.
    source.createGitRepository("repo");

    source.awaitCondition(
        "app",
        "Ready",
        "False/ArtifactFailed: Source artifact not found, retrying in 1h0m0s",
        PICKUP);
  }

  @Test
  @DisplayName("deleting the source reconciles the Kustomization at once: Source not found")
  void deletionTriggers(KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository(
        "repo", host.publish("/r1.tar.gz", Map.of("a.yaml", configMap("a", "one"))), "main@1");
    source.createKustomization(KUSTOMIZATION.formatted(ns));
    source.awaitCondition(
        "app",
        "Ready",
        "True/ReconciliationSucceeded: Applied revision: main@1",
        Duration.ofSeconds(30));

    client
        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
        .inNamespace(ns)
        .withName("repo")
        .delete();

    source.awaitCondition(
        "app",
        "Ready",
        "False/ArtifactFailed: gitrepositories.source.toolkit.fluxcd.io \"repo\" not found",
        PICKUP);
  }

  @Test
  @DisplayName(
      "a cleared source error gives way to Ready=Unknown 'Reconciliation in progress' before the"
          + " revision is applied (Flux's kustomization_controller.go), no event for it")
  void clearedSourceErrorGivesWayToProgressing(KubernetesClient client, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createKustomization(KUSTOMIZATION.formatted(ns));
    source.awaitCondition(
        "app",
        "Ready",
        "False/ArtifactFailed: gitrepositories.source.toolkit.fluxcd.io \"repo\" not found",
        Duration.ofSeconds(30));
    List<String> written = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .resources(Kustomization.class)
            .inNamespace(ns)
            .withName("app")
            .watch(
                new Watcher<Kustomization>() {
                  @Override
                  public void eventReceived(Action action, Kustomization k) {
                    if (k.getStatus() == null || k.getStatus().getConditions() == null) {
                      return;
                    }
                    k.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .forEach(
                            c ->
                                written.add(
                                    c.getStatus() + "/" + c.getReason() + ": " + c.getMessage()));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      source.createGitRepository(
          "repo", host.publish("/r1.tar.gz", Map.of("a.yaml", configMap("a", "one"))), "main@1");
      source.awaitCondition(
          "app", "Ready", "True/ReconciliationSucceeded: Applied revision: main@1", PICKUP);
    }
    List<String> states = written.stream().distinct().toList();
    int progressing = states.indexOf("Unknown/Progressing: Reconciliation in progress");
    assertThat(progressing).as("states written: %s", states).isNotNegative();
    assertThat(states.subList(progressing + 1, states.size()))
        .as("states written: %s", states)
        .containsExactly("True/ReconciliationSucceeded: Applied revision: main@1");
    // Flux records no event for a missing source or artifact (it only logs).
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> "ArtifactFailed".equals(e.getReason()));
  }
}

package io.capstan.kustomize.controller;

import static io.capstan.kustomize.controller.KustomizationReconcilerTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.api.meta.Condition;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flux's same-source rule for {@code dependsOn}: when the dependency builds from the same source,
 * it must have applied the revision the source holds now ("revision is not up to date"), so a
 * dependent never runs ahead of its dependency on a new commit.
 */
@WithKubernetes
class DependsOnRevisionTest {

  private static String kustomization(
      String name, String path, String labels, String extra, String ns) {
    return """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
        %sspec:
          interval: 1h
          retryInterval: 1s
          path: %s
          prune: true
          targetNamespace: %s
          sourceRef:
            kind: GitRepository
            name: repo
        %s"""
        .formatted(name, labels, path, ns, extra);
  }

  private static ArtifactHost.Published revision(ArtifactHost host, String value) throws Exception {
    return host.publish(
        "/" + value + ".tar.gz",
        Map.of(
            "dep/a.yaml", configMap("dep-cm", value),
            "app/b.yaml", configMap("app-cm", value)));
  }

  /** Writes the dependency's status as a controller of another shard would. */
  private static void depStatus(KubernetesClient client, String ns, String lastApplied) {
    client
        .resources(Kustomization.class)
        .inNamespace(ns)
        .withName("dep")
        .editStatus(
            k -> {
              KustomizationStatus status = new KustomizationStatus();
              status.setObservedGeneration(k.getMetadata().getGeneration());
              status.setLastAppliedRevision(lastApplied);
              Condition ready = new Condition();
              ready.setType("Ready");
              ready.setStatus(Condition.Status.True);
              ready.setReason("ReconciliationSucceeded");
              ready.setMessage("Applied revision: " + lastApplied);
              ready.setLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
              status.setConditions(List.of(ready));
              k.setStatus(status);
              return k;
            });
  }

  @Test
  @DisplayName(
      "a dependent waits until its same-source dependency applied the source's current revision")
  void waitsForSameRevision(
      KubeControlPlane plane, KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    // The dependency belongs to another shard: its status is written by the test, so it can be
    // Ready on an older revision than the source holds (what Flux's check is for).
    try (ArtifactHost host = new ArtifactHost();
        RunningKustomizeController controller =
            RunningKustomizeController.start(
                plane,
                ns,
                b -> b.requeueDependency(Duration.ofSeconds(1)).watchLabelSelector("shard=a"))) {
      SourceFixture source = new SourceFixture(client, ns);
      source.createGitRepository("repo", revision(host, "two"), "main@sha1:2222");
      source.createKustomization(kustomization("dep", "./dep", "", "", ns));
      depStatus(client, ns, "main@sha1:1111");

      source.createKustomization(
          kustomization(
              "app", "./app", "  labels: {shard: a}\n", "  dependsOn:\n  - name: dep\n", ns));
      source.awaitCondition(
          "app",
          "Ready",
          "False/DependencyNotReady: dependency '" + ns + "/dep' revision is not up to date",
          Duration.ofSeconds(30));
      assertThat(client.configMaps().inNamespace(ns).withName("app-cm").get()).isNull();

      depStatus(client, ns, "main@sha1:2222");
      source.awaitCondition(
          "app",
          "Ready",
          "True/ReconciliationSucceeded: Applied revision: main@sha1:2222",
          Duration.ofSeconds(30));
    }
  }
}

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code spec.wait} and {@code spec.healthChecks} on a cluster whose Deployments roll out. */
@WithKubernetes(cluster = true)
class KustomizationHealthTest {

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

  static String deployment(String nodeSelector) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              nodeSelector: %s
              containers:
              - name: web
                image: nginx:1.27
        """
        .formatted(nodeSelector);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          wait, schedulable          | wait: true | {}                    | True/Succeeded   | True/ReconciliationSucceeded
          healthChecks, schedulable  | healthChecks: [{apiVersion: apps/v1, kind: Deployment, name: web}] | {} | True/Succeeded | True/ReconciliationSucceeded
          wait, unschedulable        | wait: true | {nowhere: 'true'}     | False/HealthCheckFailed | False/HealthCheckFailed
          """)
  void healthDecidesReady(
      String scenario,
      String healthSpec,
      String nodeSelector,
      String healthy,
      String ready,
      KubernetesClient client,
      KubeNamespace ns)
      throws Exception {
    SourceFixture source = new SourceFixture(client, ns.name());
    source.createGitRepository(
        "repo",
        host.publish("/a.tar.gz", Map.of("web.yaml", deployment(nodeSelector))),
        "main@sha1:1");
    source.createKustomization(
        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app
                spec:
                  interval: 10m
                  retryInterval: 5s
                  timeout: 5s
                  prune: false
                  targetNamespace: %s
                  %s
                  sourceRef:
                    kind: GitRepository
                    name: repo
                """
            .formatted(ns.name(), healthSpec));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(source.condition("app", "Healthy"))
                  .hasValueSatisfying(c -> assertThat(c).startsWith(healthy));
              assertThat(source.condition("app", "Ready"))
                  .hasValueSatisfying(c -> assertThat(c).startsWith(ready));
            });
    if (healthy.startsWith("False")) {
      assertThat(source.condition("app", "Ready").orElseThrow())
          .contains("Deployment/" + ns.name() + "/web");
      assertThat(source.kustomization("app").getStatus().getLastAppliedRevision()).isNull();
    } else {
      assertThat(source.kustomization("app").getStatus().getLastAppliedRevision())
          .isEqualTo("main@sha1:1");
    }
  }
}

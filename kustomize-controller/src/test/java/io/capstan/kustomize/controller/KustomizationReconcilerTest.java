package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The controller against a real API server: a GitRepository whose artifact is served by the test, a
 * Kustomization applied, updated, pruned, drift-corrected, failing to build and deleted.
 */
@WithKubernetes
class KustomizationReconcilerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void start(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    host = new ArtifactHost();
    controller = RunningKustomizeController.start(plane, namespace.name(), b -> b.concurrent(2));
  }

  @AfterEach
  void stop() {
    controller.close();
    host.close();
  }

  static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          key: %s
        """
        .formatted(name, value);
  }

  static Kustomization kustomization(KubernetesClient client, String yaml) {
    return client.getKubernetesSerialization().unmarshal(yaml, Kustomization.class);
  }

  private String data(KubernetesClient client, String name) {
    ConfigMap cm = client.configMaps().withName(name).get();
    return cm == null ? null : cm.getData().get("key");
  }

  @Test
  @DisplayName(
      "applies a revision, updates and prunes on the next, reverts drift, keeps objects on a build"
          + " failure and prunes everything on deletion")
  void lifecycle(KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository(
        "repo",
        host.publish(
            "/r1.tar.gz",
            Map.of(
                "deploy/a.yaml", configMap("a", "one"),
                "deploy/b.yaml", configMap("b", "bee"),
                "README.md", "not a manifest")),
        "main@sha1:1111");
    source.createKustomization(
        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app
                spec:
                  interval: 2s
                  retryInterval: 1s
                  path: ./deploy
                  prune: true
                  targetNamespace: %s
                  sourceRef:
                    kind: GitRepository
                    name: repo
                """
            .formatted(ns));

    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: main@sha1:1111", TIMEOUT);
    Kustomization applied = source.kustomization("app");
    assertThat(applied.getStatus().getLastAppliedRevision()).isEqualTo("main@sha1:1111");
    assertThat(applied.getStatus().getLastAttemptedRevision()).isEqualTo("main@sha1:1111");
    assertThat(source.inventoryIds("app"))
        .containsExactlyInAnyOrder(ns + "_a__ConfigMap", ns + "_b__ConfigMap");
    ConfigMap a = client.configMaps().withName("a").get();
    assertThat(a.getData()).containsEntry("key", "one");
    assertThat(a.getMetadata().getLabels())
        .containsEntry("kustomize.toolkit.fluxcd.io/name", "app")
        .containsEntry("kustomize.toolkit.fluxcd.io/namespace", ns);
    assertThat(a.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("kustomize-controller"));

    // A new revision: a changed value and a removed object.
    source.publish(
        "repo",
        host.publish("/r2.tar.gz", Map.of("deploy/a.yaml", configMap("a", "two"))),
        "main@sha1:2222");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(data(client, "a")).isEqualTo("two");
              assertThat(client.configMaps().withName("b").get()).isNull();
              assertThat(source.kustomization("app").getStatus().getLastAppliedRevision())
                  .isEqualTo("main@sha1:2222");
            });
    assertThat(source.inventoryIds("app")).containsExactly(ns + "_a__ConfigMap");

    // Drift: someone edits the ConfigMap; the next interval puts it back.
    client
        .configMaps()
        .withName("a")
        .edit(
            cm -> {
              cm.getData().put("key", "edited");
              return cm;
            });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(data(client, "a")).isEqualTo("two"));

    // An invalid manifest: BuildFailed naming the file, nothing changed.
    source.publish(
        "repo",
        host.publish(
            "/r3.tar.gz",
            Map.of(
                "deploy/a.yaml",
                configMap("a", "three"),
                "deploy/kustomization.yaml",
                "resources:\n- a.yaml\n- missing.yaml\n")),
        "main@sha1:3333");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(source.condition("app", "Ready"))
                    .hasValueSatisfying(
                        c ->
                            assertThat(c)
                                .startsWith("False/BuildFailed")
                                .contains("missing.yaml")));
    Kustomization failed = source.kustomization("app");
    assertThat(failed.getStatus().getLastAttemptedRevision()).isEqualTo("main@sha1:3333");
    assertThat(failed.getStatus().getLastAppliedRevision()).isEqualTo("main@sha1:2222");
    assertThat(data(client, "a")).isEqualTo("two");

    // Deletion with prune: the applied objects go, then the Kustomization.
    client.resources(Kustomization.class).withName("app").delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(source.kustomization("app")).isNull();
              assertThat(client.configMaps().withName("a").get()).isNull();
            });
  }

  @Test
  @DisplayName(
      "postBuild variables come from ConfigMaps and Secrets in order, then inline values; an"
          + " optional missing source is skipped")
  void substitutesVariables(KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("vars")
                .endMetadata()
                .addToData(Map.of("env", "staging", "team", "a", "region", "us"))
                .build())
        .create();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("secret-vars")
                .endMetadata()
                .addToStringData("team", "b")
                .build())
        .create();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository(
        "repo",
        host.publish("/v.tar.gz", Map.of("cm.yaml", configMap("out", "${env}-${team}-${region}"))),
        "main@sha1:1");
    source.createKustomization(
        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app
                spec:
                  interval: 1m
                  prune: true
                  targetNamespace: %s
                  sourceRef:
                    kind: GitRepository
                    name: repo
                  postBuild:
                    substitute:
                      region: eu
                    substituteFrom:
                    - kind: ConfigMap
                      name: vars
                    - kind: ConfigMap
                      name: absent
                      optional: true
                    - kind: Secret
                      name: secret-vars
                """
            .formatted(ns));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(data(client, "out")).isEqualTo("staging-b-eu"));
  }
}

package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build-side spec fields through the running controller against a real API server: {@code
 * commonMetadata}, {@code buildMetadata}, {@code ignoreMissingComponents}, the envsubst operators,
 * {@code substituteStrategy}, strict substitution and {@code ignore}.
 */
@WithKubernetes
class KustomizationBuildFeaturesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KubeControlPlane plane;
  private KubeNamespace namespace;
  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void setUp(KubeControlPlane plane, KubeNamespace namespace) throws Exception {
    this.plane = plane;
    this.namespace = namespace;
    host = new ArtifactHost();
  }

  private void startController(boolean strict) {
    controller =
        RunningKustomizeController.start(
            plane,
            namespace.name(),
            b -> b.featureGates(new FeatureGates(strict, false, false, false)));
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    host.close();
  }

  private static final String SETTINGS =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        labels: {team: red}
        annotations: {note: own}
      data:
        env: "${env^^}"
        region: "${region:=eu}"
        short: "${env:0:2}"
        script: "echo $HOME $${env}"
      """;

  private void createKustomization(SourceFixture source, String name, String extraSpec) {
    source.createKustomization(
        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: %s
                spec:
                  interval: 1h
                  retryInterval: 2s
                  path: ./app
                  prune: true
                  targetNamespace: %s
                  sourceRef:
                    kind: GitRepository
                    name: repo
                %s"""
            .formatted(name, namespace.name(), extraSpec));
  }

  @Test
  @DisplayName(
      "commonMetadata wins over the object's own labels, buildMetadata annotates the origin, a"
          + " missing component is dropped and the bash operators are substituted")
  void appliesBuildSpec(KubernetesClient client) throws Exception {
    startController(false);
    SourceFixture source = new SourceFixture(client, namespace.name());
    source.createGitRepository(
        "repo",
        host.publish(
            "/r1.tar.gz",
            Map.of(
                "app/settings.yaml",
                SETTINGS,
                "component/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                    + "labels:\n- pairs:\n    tier: web\n")),
        "main@sha1:1");
    createKustomization(
        source,
        "app",
        """
          components: [../component, ../absent]
          ignoreMissingComponents: true
          buildMetadata: [originAnnotations]
          commonMetadata:
            labels: {team: blue, kustomize.toolkit.fluxcd.io/name: not-the-owner}
            annotations: {owner: platform}
          postBuild:
            substitute: {env: "prod\\n"}
        """);

    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: main@sha1:1", TIMEOUT);
    ConfigMap settings = client.configMaps().withName("settings").get();
    assertThat(settings.getMetadata().getLabels())
        .containsEntry("team", "blue")
        .containsEntry("tier", "web")
        .containsEntry("kustomize.toolkit.fluxcd.io/name", "app");
    assertThat(settings.getMetadata().getAnnotations())
        .containsEntry("owner", "platform")
        .containsEntry("note", "own")
        .containsEntry("config.kubernetes.io/origin", "path: settings.yaml\n");
    assertThat(settings.getData())
        .containsEntry("env", "PROD")
        .containsEntry("region", "eu")
        .containsEntry("short", "pr")
        .containsEntry("script", "echo $HOME ${env}");
  }

  @ParameterizedTest(name = "strict={0}, postBuild={1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          false | {substituteStrategy: Always}                                         | Ready: True/ReconciliationSucceeded
          false | {substituteFrom: [{kind: ConfigMap, name: absent, optional: true}]} | literal
          true  | {substituteStrategy: Always}                                         | Ready: False/BuildFailed: post build failed for 'settings': variable substitution failed: variable not set (strict mode): "missing"
          true  | {substitute: {missing: here}}                                        | Ready: True/ReconciliationSucceeded
          """)
  @DisplayName(
      "substitution without variables runs only with substituteStrategy Always; strict mode fails"
          + " the build on an unset variable without default")
  void substitutionStrategyAndStrictness(
      boolean strict, String postBuild, String expected, KubernetesClient client) throws Exception {
    startController(strict);
    SourceFixture source = new SourceFixture(client, namespace.name());
    source.createGitRepository(
        "repo",
        host.publish(
            "/r1.tar.gz",
            Map.of(
                "app/cm.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  region: "${region:=eu}"
                  missing: "[${missing}]"
                """)),
        "main@sha1:1");
    createKustomization(source, "app", "  postBuild: " + postBuild + "\n");

    if (expected.equals("literal")) {
      source.awaitConditionStartingWith("app", "Ready", "True/ReconciliationSucceeded", TIMEOUT);
      assertThat(client.configMaps().withName("settings").get().getData())
          .containsEntry("region", "${region:=eu}")
          .containsEntry("missing", "[${missing}]");
      return;
    }
    String want = expected.substring("Ready: ".length());
    source.awaitConditionStartingWith("app", "Ready", want, TIMEOUT);
    ConfigMap settings = client.configMaps().withName("settings").get();
    if (want.startsWith("False")) {
      assertThat(settings).isNull();
    } else {
      assertThat(settings.getData()).containsEntry("region", "eu");
      assertThat(settings.getData().get("missing")).isIn("[]", "[here]");
    }
  }

  @Test
  @DisplayName(
      "spec.ignore: a field another manager changed is kept across new revisions, other fields"
          + " are still reverted, and the object was created with the ignored field")
  void ignoresFieldsOwnedByOthers(KubernetesClient client) throws Exception {
    startController(false);
    SourceFixture source = new SourceFixture(client, namespace.name());
    source.createGitRepository("repo");
    String manifest =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          managed: "%s"
          ignored: original
        """;
    source.publish(
        "repo", host.publish("/r1.tar.gz", Map.of("app/cm.yaml", manifest.formatted("v1"))), "v1");
    createKustomization(
        source,
        "app",
        """
          ignore:
          - paths: [/data/ignored]
            target: {kind: ConfigMap, name: settings}
        """);
    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: v1", TIMEOUT);
    assertThat(client.configMaps().withName("settings").get().getData())
        .containsEntry("ignored", "original");

    PatchContext otherManager =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager("other-controller")
            .build();
    client
        .configMaps()
        .withName("settings")
        .patch(otherManager, "{\"data\":{\"ignored\":\"set-by-other\",\"managed\":\"tampered\"}}");
    source.publish(
        "repo", host.publish("/r2.tar.gz", Map.of("app/cm.yaml", manifest.formatted("v2"))), "v2");

    source.awaitCondition(
        "app", "Ready", "True/ReconciliationSucceeded: Applied revision: v2", TIMEOUT);
    assertThat(client.configMaps().withName("settings").get().getData())
        .containsEntry("managed", "v2")
        .containsEntry("ignored", "set-by-other");
  }
}

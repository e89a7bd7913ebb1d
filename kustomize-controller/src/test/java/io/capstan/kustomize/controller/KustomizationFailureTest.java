package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Each way a reconcile can fail before anything is applied, against a real API server. */
@WithKubernetes
class KustomizationFailureTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

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

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing source       | Ready   | False/ArtifactFailed: gitrepositories.source.toolkit.fluxcd.io "repo" not found
          source, no artifact  | Ready   | False/ArtifactFailed: Source artifact not found
          tampered artifact    | Ready   | False/ArtifactFailed: failed to fetch artifact of revision main@sha1:1
          build error          | Ready   | False/BuildFailed: kustomize build failed:
          invalid object       | Ready   | False/ReconciliationFailed: ConfigMap/%s/Bad_Name
          decryption           | Ready   | False/BuildFailed: secrets "sops-keys" not found
          missing variables    | Ready   | False/BuildFailed: post-build substitution failed: substitute from 'ConfigMap/absent' failed: not found
          missing dependency   | Ready   | False/DependencyNotReady: dependency '%s/base' not found
          """)
  void failsWithoutApplying(
      String scenario, String condition, String expected, KubernetesClient client, KubeNamespace ns)
      throws Exception {
    String namespace = ns.name();
    SourceFixture source = new SourceFixture(client, namespace);
    Map<String, String> tree = Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "one"));
    String extraSpec = "";
    switch (scenario) {
      case "missing source" -> {}
      case "source, no artifact" -> source.createGitRepository("repo");
      case "tampered artifact" -> {
        source.createGitRepository("repo", host.publish("/a.tar.gz", tree), "main@sha1:1");
        host.tamper("/a.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "x")));
      }
      case "build error" -> {
        source.createGitRepository(
            "repo",
            host.publish(
                "/a.tar.gz", Map.of("a.yaml", tree.get("a.yaml"), "b.yaml", "kind: [unclosed\n")),
            "main@sha1:1");
      }
      case "invalid object" -> {
        source.createGitRepository(
            "repo",
            host.publish(
                "/a.tar.gz",
                Map.of(
                    "a.yaml",
                    tree.get("a.yaml"),
                    "b.yaml",
                    KustomizationReconcilerTest.configMap("Bad_Name", "x"))),
            "main@sha1:1");
      }
      case "decryption" -> {
        source.createGitRepository("repo", host.publish("/a.tar.gz", tree), "main@sha1:1");
        extraSpec = "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-keys\n";
      }
      case "missing variables" -> {
        source.createGitRepository("repo", host.publish("/a.tar.gz", tree), "main@sha1:1");
        extraSpec =
            "  postBuild:\n    substituteFrom:\n    - kind: ConfigMap\n      name: absent\n";
      }
      case "missing dependency" -> {
        source.createGitRepository("repo", host.publish("/a.tar.gz", tree), "main@sha1:1");
        extraSpec = "  dependsOn:\n  - name: base\n";
      }
      default -> throw new IllegalArgumentException(scenario);
    }
    source.createAppKustomization(extraSpec);

    String want = expected.contains("%s") ? expected.formatted(namespace) : expected;
    source.awaitConditionStartingWith("app", condition, want, TIMEOUT);
    if (scenario.equals("build error")) {
      assertThat(source.condition("app", "Ready").orElseThrow())
          .contains("invalid YAML in b.yaml (line 2")
          .doesNotContain("/tmp/");
    }
    assertThat(client.configMaps().withName("a").get()).isNull();
    assertThat(source.kustomization("app").getStatus().getLastAppliedRevision()).isNull();
  }
}

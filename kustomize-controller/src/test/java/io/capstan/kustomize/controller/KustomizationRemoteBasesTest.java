package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote bases in a Kustomization's artifact, against a real API server and an in-process Git
 * server: cloned and applied by default, refused with {@code BuildFailed} under Flux's {@code
 * --no-remote-bases}.
 */
@WithKubernetes
class KustomizationRemoteBasesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private ArtifactHost host;
  private TestGitRepository repo;
  private GitHttpServer git;
  private RunningKustomizeController controller;

  @BeforeEach
  void servers() throws Exception {
    host = new ArtifactHost();
    repo = TestGitRepository.create(tmp.resolve("base.git"));
    var v1 =
        repo.commit(
            "main",
            "v1",
            Map.of(
                "deploy/kustomization.yaml",
                "resources:\n- cm.yaml\n",
                "deploy/cm.yaml",
                KustomizationReconcilerTest.configMap("remote", "one")));
    repo.lightweightTag("v1", v1);
    git = GitHttpServer.builder().start();
    git.serve("base", repo.repository());
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    git.close();
    repo.close();
    host.close();
  }

  private void publishOverlay(SourceFixture source) throws Exception {
    source.createGitRepository(
        "repo",
        host.publish(
            "/app.tar.gz",
            Map.of(
                "kustomization.yaml",
                "resources:\n- " + git.url("base") + "//deploy?ref=v1\n- local.yaml\n",
                "local.yaml",
                KustomizationReconcilerTest.configMap("local", "x"))),
        "main@sha1:1");
    source.createAppKustomization("");
  }

  @Test
  @DisplayName("by default a Git base is cloned and its objects applied")
  void remoteBaseApplied(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    controller = RunningKustomizeController.start(plane, ns.name());
    SourceFixture source = new SourceFixture(client, ns.name());
    publishOverlay(source);

    source.awaitConditionStartingWith("app", "Ready", "True/ReconciliationSucceeded", TIMEOUT);
    ConfigMap remote = client.configMaps().withName("remote").get();
    assertThat(remote.getData()).containsEntry("key", "one");
    assertThat(client.configMaps().withName("local").get()).isNotNull();
    assertThat(git.requests().uploadPacks()).isPositive();
    source.checkStatusContract("app");
  }

  @Test
  @DisplayName("--no-remote-bases: BuildFailed naming the base, not cloned, nothing applied")
  void noRemoteBasesRefuses(KubeControlPlane plane, KubeNamespace ns, KubernetesClient client)
      throws Exception {
    controller = RunningKustomizeController.start(plane, ns.name(), b -> b.noRemoteBases(true));
    SourceFixture source = new SourceFixture(client, ns.name());
    publishOverlay(source);

    source.awaitConditionStartingWith(
        "app",
        "Ready",
        "False/BuildFailed: kustomize build failed: accumulating resources:",
        TIMEOUT);
    assertThat(source.condition("app", "Ready").orElseThrow())
        .contains("fs-security-constraint: remote base '" + git.url("base") + "//deploy?ref=v1'")
        .contains("remote bases are disabled (no-remote-bases)")
        .doesNotContain("/tmp/");
    assertThat(client.configMaps().withName("remote").get()).isNull();
    assertThat(client.configMaps().withName("local").get()).isNull();
    assertThat(git.requests().all()).isEmpty();
    source.checkStatusContract("app");
  }
}

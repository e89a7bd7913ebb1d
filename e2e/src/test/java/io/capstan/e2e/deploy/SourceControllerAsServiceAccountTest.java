package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBAC of deploy/ is sufficient: the real source-controller, with a client impersonating its
 * ServiceAccount, does a whole GitRepository lifecycle (informers, Secret, status, Event,
 * finalizer).
 */
@WithKubernetes(cluster = true)
class SourceControllerAsServiceAccountTest {

  @TempDir static Path root;

  @BeforeAll
  static void install(KubernetesClient admin) {
    DeployInstall.apply(admin);
  }

  @Test
  @DisplayName(
      "source-controller as its ServiceAccount: GitRepository with a secretRef Ready, Event, deletion")
  void lifecycleAsServiceAccount(KubeControlPlane plane, KubernetesClient admin, KubeNamespace ns)
      throws Exception {
    try (TestGitRepository repo = TestGitRepository.create(root.resolve("app.git"));
        GitHttpServer http = GitHttpServer.builder().basicAuth("git", "s3cret").start();
        KubernetesClient asSource = DeployRbacTest.impersonating(plane, "source-controller");
        SourceController controller =
            SourceController.builder()
                .client(asSource)
                .options(loopbackSource(root.resolve("artifacts")))
                .build()
                .start()) {
      RevCommit commit =
          repo.commit(
              "main", "first", Map.of("deploy/cm.yaml", "apiVersion: v1\nkind: ConfigMap\n"));
      http.serve("app", repo.repository());
      admin
          .secrets()
          .inNamespace(ns.name())
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("git-basic")
                  .endMetadata()
                  .withStringData(Map.of("username", "git", "password", "s3cret"))
                  .build())
          .create();
      String yaml =
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata:
            name: app
          spec:
            interval: 1m
            url: %s
            ref:
              branch: main
            secretRef:
              name: git-basic
          """
              .formatted(http.url("app"));
      GitRepository created =
          admin
              .resources(GitRepository.class)
              .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
              .item();
      created.getMetadata().setNamespace(ns.name());
      admin.resource(created).create();

      var gitRepositories = admin.resources(GitRepository.class).inNamespace(ns.name());
      GitRepository ready =
          await("GitRepository Ready")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> gitRepositories.withName("app").get(),
                  SourceControllerAsServiceAccountTest::ready);
      assertThat(ready.getStatus().getArtifact().getRevision())
          .isEqualTo("main@sha1:" + commit.name());
      assertThat(ready.getMetadata().getFinalizers()).contains("finalizers.fluxcd.io");

      await("an Event on the GitRepository")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin.v1().events().inNamespace(ns.name()).list().getItems().stream()
                      .anyMatch(e -> "app".equals(e.getInvolvedObject().getName())));

      gitRepositories.withName("app").delete();
      await("finalizer removed, GitRepository gone")
          .atMost(Duration.ofSeconds(30))
          .until(() -> gitRepositories.withName("app").get() == null);
    }
  }

  static boolean ready(GitRepository r) {
    return r != null
        && r.getStatus() != null
        && r.getStatus().getConditions() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && c.getStatus() == Condition.Status.True);
  }

  /**
   * The options these tests run source-controller with: one worker, artifacts under {@code storage}
   * (created), served on an ephemeral loopback port.
   */
  static SourceControllerOptions loopbackSource(Path storage) throws IOException {
    return SourceControllerOptions.builder()
        .storagePath(Files.createDirectories(storage))
        .storageAddress("127.0.0.1:0")
        .concurrent(1)
        .build();
  }
}

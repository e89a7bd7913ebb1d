package io.capstan.e2e.story;

import static io.capstan.e2e.story.GitOpsStage.describe;
import static io.capstan.e2e.story.GitOpsStage.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Artifact;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When the source fails: the Git server goes away, or an artifact does not match its digest. */
@WithKubernetes(cluster = true)
class SourceFaultStoryTest extends GitOpsStory {

  @Test
  @DisplayName(
      "with the Git server stopped the GitRepository is not Ready and the Kustomization keeps"
          + " (and still enforces) the last applied state; with the source deleted, too")
  void unreachableGitServer(KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    RevCommit c1;
    try (TestGitRepository repo = TestGitRepository.create(root.resolve("flaky.git"));
        GitHttpServer server = GitHttpServer.builder().start()) {
      server.serve("flaky", repo.repository());
      c1 =
          repo.commit(
              "main",
              "settings",
              Map.of("settings.yaml", Manifests.configMap("settings", "a", "1")));
      stage.apply(
          ns,
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata:
            name: flaky
          spec:
            interval: 2s
            timeout: 5s
            url: %s
            ref:
              branch: main
          """
              .formatted(server.url("flaky")));
      stage.apply(ns, Manifests.kustomization("settings", "flaky", "./", ns, "prune: true"));
      stage.awaitAppliedRevision(ns, "settings", revision(c1));
    } // the Git server is gone from here on

    await()
        .atMost(GitOpsStage.PATIENCE)
        .until(
            () -> describe(stage.sourceCondition(ns, "flaky", "Ready")),
            ready -> ready.startsWith("False/GitOperationFailed"));
    assertThat(describe(stage.sourceCondition(ns, "flaky", "FetchFailed"))).startsWith("True/");
    Artifact kept = stage.gitRepositoryStatus(ns, "flaky").getStatus().getArtifact();
    assertThat(kept.getRevision()).isEqualTo(revision(c1));

    // The last artifact is still served: a hand edit is reverted from it.
    stage
        .admin
        .configMaps()
        .inNamespace(ns)
        .withName("settings")
        .edit(
            c -> {
              c.getData().put("a", "edited by hand");
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> configMap(ns, "settings").getData().get("a"), "1"::equals);
    Kustomization k = stage.kustomization(ns, "settings");
    assertThat(k.getStatus().getLastAppliedRevision()).isEqualTo(revision(c1));
    assertThat(describe(stage.condition(ns, "settings", "Ready")))
        .isEqualTo("True/ReconciliationSucceeded: Applied revision: " + revision(c1));

    // The source itself deleted: ArtifactFailed naming it (the API server's NotFound text, as
    // Flux's kustomize-controller writes it), the applied objects stay.
    stage
        .admin
        .resources(io.capstan.api.source.v1.GitRepository.class)
        .inNamespace(ns)
        .withName("flaky")
        .delete();
    stage.awaitKustomization(
        ns,
        "settings",
        x ->
            describe(GitOpsStage.find(x.getStatus().getConditions(), "Ready"))
                .startsWith("False/ArtifactFailed"));
    assertThat(describe(stage.condition(ns, "settings", "Ready")))
        .contains("gitrepositories.source.toolkit.fluxcd.io \"flaky\" not found");
    assertThat(configMap(ns, "settings").getData()).containsEntry("a", "1");
    assertThat(stage.kustomization(ns, "settings").getStatus().getLastAppliedRevision())
        .isEqualTo(revision(c1));
  }

  @Test
  @DisplayName(
      "an artifact whose content does not match its digest fails with ArtifactFailed and applies"
          + " nothing")
  void tamperedArtifact(KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    // A genuine artifact from the real source-controller, to take a genuine digest from.
    TestGitRepository repo = stage.repository("genuine-" + ns);
    RevCommit c1 =
        repo.commit(
            "main", "genuine", Map.of("app.yaml", Manifests.configMap("genuine", "a", "1")));
    stage.gitRepository(ns, "genuine", "genuine-" + ns);
    Artifact genuine =
        stage.awaitSourceRevision(ns, "genuine", revision(c1)).getStatus().getArtifact();

    try (ArtifactHost attacker = new ArtifactHost()) {
      // An artifact server an attacker controls: well-formed, but not what the digest promises.
      ArtifactHost.Published forged =
          attacker.publish(
              "/artifact.tar.gz",
              Map.of("app.yaml", Manifests.configMap("intruder", "payload", "evil")));
      // A suspended GitRepository (source-controller leaves it alone) whose status promises the
      // genuine revision and digest but whose URL serves other bytes.
      stage.apply(
          ns,
          """
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata:
            name: forged
          spec:
            interval: 1h
            suspend: true
            url: https://example.invalid/forged.git
          """);
      Map<String, Object> artifact = new LinkedHashMap<>();
      artifact.put("path", "gitrepository/" + ns + "/forged/artifact.tar.gz");
      artifact.put("url", forged.url());
      artifact.put("revision", genuine.getRevision());
      artifact.put("digest", genuine.getDigest());
      artifact.put("size", forged.size());
      artifact.put("lastUpdateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      // source-controller still adds its finalizer to a suspended object: retry on conflicts.
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreException(KubernetesClientException.class)
          .until(
              () ->
                  stage
                          .admin
                          .genericKubernetesResources(
                              "source.toolkit.fluxcd.io/v1", "GitRepository")
                          .inNamespace(ns)
                          .withName("forged")
                          .editStatus(
                              r -> {
                                r.getAdditionalProperties()
                                    .put("status", Map.of("artifact", artifact));
                                return r;
                              })
                      != null);
      stage.apply(ns, Manifests.kustomization("app", "forged", "./", ns, "prune: true"));

      Kustomization k =
          stage.awaitKustomization(
              ns,
              "app",
              x ->
                  describe(GitOpsStage.find(x.getStatus().getConditions(), "Ready"))
                      .startsWith("False/ArtifactFailed"));
      assertThat(describe(GitOpsStage.find(k.getStatus().getConditions(), "Ready")))
          .contains(genuine.getRevision())
          .containsIgnoringCase("digest");
      assertThat(k.getStatus().getLastAttemptedRevision()).isEqualTo(genuine.getRevision());
      // Retried (more than one download), and still nothing applied.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> attacker.downloads("/artifact.tar.gz") >= 2);
      k = stage.kustomization(ns, "app");
      assertThat(k.getStatus().getLastAppliedRevision()).isNull();
      assertThat(
              k.getStatus().getInventory() == null
                  || k.getStatus().getInventory().getEntries().isEmpty())
          .isTrue();
      assertThat(configMap(ns, "intruder")).isNull();
      assertThat(configMap(ns, "genuine")).isNull();
    }
  }
}

package io.capstan.e2e.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.kustomize.controller.KustomizeController;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The stage of a GitOps story: source-controller and kustomize-controller running in-process
 * through their embedding facades (they meet only through the API server), a smart-HTTP Git server,
 * and what a user does (commit to Git, apply YAML, read status). One per test class.
 */
final class GitOpsStage implements AutoCloseable {

  /** How long any story step may take on a loaded 2-core machine before it counts as failed. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  final KubernetesClient admin;
  private final KubernetesClient controllerClient;
  private final SourceController source;
  private final KustomizeController kustomize;
  private final GitHttpServer git;
  private final Path root;
  private final List<TestGitRepository> repositories = new ArrayList<>();

  private GitOpsStage(KubeControlPlane plane, Path root) throws Exception {
    this.root = root;
    this.admin = plane.client();
    this.controllerClient =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig("default"))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    this.git = GitHttpServer.builder().start();
    this.source =
        SourceController.builder()
            .client(controllerClient)
            .options(
                SourceControllerOptions.builder()
                    .storagePath(Files.createDirectories(root.resolve("storage")))
                    .storageAddress("127.0.0.1:0")
                    .concurrent(4)
                    .retentionTtl(Duration.ofSeconds(5))
                    .build())
            .build()
            .start();
    this.kustomize =
        KustomizeController.builder()
            .client(controllerClient)
            .concurrency(4)
            .fetcher(
                ArtifactFetcher.builder()
                    .retries(1)
                    .backoff(Duration.ofMillis(100), Duration.ofMillis(200))
                    .build())
            .build();
    kustomize.start();
  }

  /** Starts both controllers and a Git server; files live under {@code root}. */
  static GitOpsStage start(KubeControlPlane plane, Path root) throws Exception {
    return new GitOpsStage(plane, root);
  }

  /** A new bare repository served by the stage's Git server as {@code name}. */
  TestGitRepository repository(String name) {
    TestGitRepository repo =
        TestGitRepository.create(root.resolve(name + "-" + UUID.randomUUID() + ".git"));
    repositories.add(repo);
    git.serve(name, repo.repository());
    return repo;
  }

  /** The clone URL of a repository served by the stage. */
  String url(String name) {
    return git.url(name).toString();
  }

  /** A namespace of the story's own (for ordered stories spanning several test methods). */
  String createNamespace(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    // Pods are admitted only once the namespace's default ServiceAccount exists.
    await()
        .atMost(PATIENCE)
        .until(() -> admin.serviceAccounts().inNamespace(name).withName("default").get() != null);
    return name;
  }

  /** Creates the objects of a YAML document stream in {@code namespace}, as {@code kubectl}. */
  void apply(String namespace, String yaml) {
    List<HasMetadata> items =
        admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata item : items) {
      item.getMetadata().setNamespace(namespace);
      admin.resource(item).inNamespace(namespace).create();
    }
  }

  /** A GitRepository on branch {@code main} of a served repository, polled every 2s. */
  void gitRepository(String namespace, String name, String repoName) {
    apply(
        namespace,
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: %s
        spec:
          interval: 2s
          timeout: 10s
          url: %s
          ref:
            branch: main
        """
            .formatted(name, url(repoName)));
  }

  Kustomization kustomization(String namespace, String name) {
    return admin.resources(Kustomization.class).inNamespace(namespace).withName(name).get();
  }

  GitRepository gitRepositoryStatus(String namespace, String name) {
    return admin.resources(GitRepository.class).inNamespace(namespace).withName(name).get();
  }

  /** The Kustomization's condition {@code type}, if it has one. */
  Optional<Condition> condition(String namespace, String name, String type) {
    Kustomization k = kustomization(namespace, name);
    if (k == null || k.getStatus() == null) {
      return Optional.empty();
    }
    return find(k.getStatus().getConditions(), type);
  }

  /** The GitRepository's condition {@code type}, if it has one. */
  Optional<Condition> sourceCondition(String namespace, String name, String type) {
    GitRepository r = gitRepositoryStatus(namespace, name);
    if (r == null || r.getStatus() == null) {
      return Optional.empty();
    }
    return find(r.getStatus().getConditions(), type);
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** "Status/Reason: message" of a condition, for readable assertions. */
  static String describe(Optional<Condition> condition) {
    return condition
        .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
        .orElse("<none>");
  }

  /** Waits until the Kustomization satisfies {@code until}; returns it. */
  Kustomization awaitKustomization(String namespace, String name, Predicate<Kustomization> until) {
    return await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> kustomization(namespace, name), k -> k != null && until.test(k));
  }

  /**
   * Waits until the Kustomization is Ready at {@code revision} and checks the status contract: the
   * generation is observed, Ready's message names the revision, nothing is Stalled or Reconciling.
   */
  Kustomization awaitAppliedRevision(String namespace, String name, String revision) {
    Kustomization k =
        awaitKustomization(
            namespace,
            name,
            x ->
                x.getStatus() != null
                    && revision.equals(x.getStatus().getLastAppliedRevision())
                    && isTrue(find(x.getStatus().getConditions(), "Ready")));
    assertThat(k.getStatus().getObservedGeneration()).isEqualTo(k.getMetadata().getGeneration());
    assertThat(k.getStatus().getLastAttemptedRevision()).isEqualTo(revision);
    assertThat(describe(find(k.getStatus().getConditions(), "Ready")))
        .isEqualTo("True/ReconciliationSucceeded: Applied revision: " + revision);
    assertThat(find(k.getStatus().getConditions(), "Stalled")).isEmpty();
    assertThat(find(k.getStatus().getConditions(), "Reconciling")).isEmpty();
    return k;
  }

  /** Waits until the GitRepository has stored an artifact of {@code revision}. */
  GitRepository awaitSourceRevision(String namespace, String name, String revision) {
    return await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> gitRepositoryStatus(namespace, name),
            r ->
                r != null
                    && r.getStatus() != null
                    && r.getStatus().getArtifact() != null
                    && revision.equals(r.getStatus().getArtifact().getRevision()));
  }

  static boolean isTrue(Optional<Condition> condition) {
    return condition.map(c -> c.getStatus() == Condition.Status.True).orElse(false);
  }

  /** Flux's Git revision of a commit on {@code main}. */
  static String revision(org.eclipse.jgit.lib.ObjectId commit) {
    return "main@sha1:" + commit.name();
  }

  @Override
  public void close() {
    kustomize.close();
    source.close();
    controllerClient.close();
    git.close();
    repositories.forEach(TestGitRepository::close);
  }
}

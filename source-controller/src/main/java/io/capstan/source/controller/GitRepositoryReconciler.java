package io.capstan.source.controller;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.source.storage.ArtifactOwner;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The GitRepository kind for the runtime's {@code FluxReconciler}: Flux's condition table and four
 * named steps, {@code reconcileStorage}, {@code reconcileSource}, {@code reconcileInclude} and
 * {@code reconcileArtifact} (see {@link GitRepositoryRun}); on deletion every artifact of the
 * object is removed from storage.
 */
public final class GitRepositoryReconciler implements KindReconciler<GitRepository> {

  private final KubernetesClient client;
  private final ArtifactStorage storage;
  private final Secrets secrets;
  private final Duration requeueDependency;
  private final Path workRoot;

  /**
   * A reconciler reading Secrets and included GitRepositories through {@code client}, storing
   * artifacts in {@code storage}, and waiting {@code requeueDependency} for unavailable includes.
   */
  public GitRepositoryReconciler(
      KubernetesClient client, ArtifactStorage storage, Duration requeueDependency) {
    this.client = Objects.requireNonNull(client, "client");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.secrets = new Secrets(client);
    this.requeueDependency = Objects.requireNonNull(requeueDependency, "requeueDependency");
    try {
      // Checkouts live next to the storage so that archiving never crosses file systems.
      this.workRoot = Files.createDirectories(storage.root().resolve(".work"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the checkout directory: " + e, e);
    }
  }

  @Override
  public ConditionTable conditions() {
    return GitRepositoryConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<GitRepository>>> steps() {
    return new GitRepositoryRun(this).steps();
  }

  @Override
  public Duration interval(GitRepository resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public void cleanup(GitRepository resource) throws Exception {
    storage.removeAll(owner(resource));
  }

  @Override
  public Map<String, String> eventMetadata(GitRepository resource) {
    if (resource.getStatus() == null || resource.getStatus().getArtifact() == null) {
      return Map.of();
    }
    return Map.of("revision", resource.getStatus().getArtifact().getRevision());
  }

  /** The storage owner of a GitRepository's artifacts. */
  static ArtifactOwner owner(GitRepository repo) {
    return new ArtifactOwner(
        GitRepository.KIND, repo.getMetadata().getNamespace(), repo.getMetadata().getName());
  }

  ArtifactStorage storage() {
    return storage;
  }

  Secrets secrets() {
    return secrets;
  }

  KubernetesClient client() {
    return client;
  }

  Duration requeueDependency() {
    return requeueDependency;
  }

  Path workRoot() {
    return workRoot;
  }
}

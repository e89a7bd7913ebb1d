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

  private final SourceKindParts parts;
  private final Duration requeueDependency;

  /**
   * A reconciler reading Secrets and included GitRepositories through {@code client}, storing
   * artifacts in {@code storage}, and waiting {@code requeueDependency} for unavailable includes.
   */
  public GitRepositoryReconciler(
      KubernetesClient client, ArtifactStorage storage, Duration requeueDependency) {
    this.parts = new SourceKindParts(client, storage, "checkout");
    this.requeueDependency = Objects.requireNonNull(requeueDependency, "requeueDependency");
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
    parts.storage().removeAll(owner(resource));
  }

  @Override
  public Map<String, String> eventMetadata(GitRepository resource) {
    return SourceKindParts.eventMetadata(resource.getStatus());
  }

  /** The storage owner of a GitRepository's artifacts. */
  static ArtifactOwner owner(GitRepository repo) {
    return SourceKindParts.owner(GitRepository.KIND, repo);
  }

  SourceKindParts parts() {
    return parts;
  }

  Duration requeueDependency() {
    return requeueDependency;
  }
}

package io.capstan.source.controller;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryInclude;
import io.capstan.runtime.controller.FluxReconciler;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Java Operator SDK reconciler for GitRepository: the runtime's {@link FluxReconciler} plus a
 * watch that re-reconciles a GitRepository when a repository it includes changes (Flux indexes
 * {@code spec.include} and maps events of the included object back to its includers).
 *
 * <p>The primary cache gets an index from {@code namespace/included-name} to includers; a second
 * informer on GitRepositories maps each event of a repository to the repositories that include it
 * (usually none, so it costs nothing for repositories without includes).
 */
public final class GitRepositoryController implements Reconciler<GitRepository> {

  static final String INCLUDE_INDEX = "capstan.io/gitrepository-includes";

  private final FluxReconciler<GitRepository> delegate;
  private final Set<String> namespaces;
  private final GitRepositoryInputs inputs;

  /** Wraps {@code delegate}; {@code namespaces} (empty: all) limits the include watch. */
  public GitRepositoryController(FluxReconciler<GitRepository> delegate, Set<String> namespaces) {
    this(delegate, namespaces, new GitRepositoryInputs());
  }

  /**
   * As above; {@code inputs} (the delegate's {@code skipUnchanged} inputs) reads the included
   * repositories from the include watch's cache.
   */
  public GitRepositoryController(
      FluxReconciler<GitRepository> delegate, Set<String> namespaces, GitRepositoryInputs inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.namespaces = Set.copyOf(namespaces);
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public UpdateControl<GitRepository> reconcile(
      GitRepository resource, Context<GitRepository> context) throws Exception {
    return delegate.reconcile(resource, context);
  }

  @Override
  public List<EventSource<?, GitRepository>> prepareEventSources(
      EventSourceContext<GitRepository> context) {
    context.getPrimaryCache().addIndexer(INCLUDE_INDEX, GitRepositoryController::includeKeys);
    var builder =
        InformerEventSourceConfiguration.from(GitRepository.class, GitRepository.class)
            .withName("included-gitrepositories")
            // Its filter and mapper read only the key and status.artifact: keep only those.
            .withItemStore(
                InformerStores.artifactOnly(context.getClient().getKubernetesSerialization()))
            .withOnUpdateFilter(
                (GitRepository before, GitRepository after) ->
                    !Objects.equals(artifact(before), artifact(after)))
            .withSecondaryToPrimaryMapper(
                (GitRepository included) ->
                    context.getPrimaryCache().byIndex(INCLUDE_INDEX, key(included)).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()));
    if (namespaces.isEmpty()) {
      builder.withWatchAllNamespaces();
    } else {
      builder.withNamespaces(namespaces);
    }
    InformerEventSource<GitRepository, GitRepository> included =
        new InformerEventSource<>(builder.build(), context);
    inputs
        .included()
        .follow(
            GitRepository.KIND,
            id -> included.get(id).map(r -> Optional.ofNullable(artifactOf(r))));
    return List.of(included);
  }

  /** The index keys of a repository: {@code namespace/name} of each repository it includes. */
  static List<String> includeKeys(GitRepository repo) {
    List<GitRepositoryInclude> includes =
        repo.getSpec() == null ? null : repo.getSpec().getInclude();
    if (includes == null) {
      return List.of();
    }
    return includes.stream()
        .filter(i -> i.getRepository() != null)
        .map(i -> repo.getMetadata().getNamespace() + "/" + i.getRepository().getName())
        .distinct()
        .collect(Collectors.toList());
  }

  private static Object artifact(GitRepository repo) {
    return artifactOf(repo);
  }

  private static Artifact artifactOf(GitRepository repo) {
    return repo.getStatus() == null ? null : repo.getStatus().getArtifact();
  }

  private static String key(GitRepository repo) {
    return repo.getMetadata().getNamespace() + "/" + repo.getMetadata().getName();
  }
}

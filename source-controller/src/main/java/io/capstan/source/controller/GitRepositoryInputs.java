package io.capstan.source.controller;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryInclude;
import io.capstan.runtime.controller.ReconcileInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a GitRepository's reconcile depends on besides its generation and {@code requestedAt}, for
 * toolkit-runtime's {@code FluxReconcilerBuilder.skipUnchanged}: nothing for a repository without
 * {@code spec.include}; with includes, the state of each included repository (absent, without
 * artifact, or its artifact's revision, digest, URL and path) as {@link GitRepositoryController}'s
 * include watch cache holds it — that watch (an included repository's artifact changed) is its only
 * other event, as in Flux's {@code requestsForRevisionChangeOf}.
 */
public final class GitRepositoryInputs implements ReconcileInputs<GitRepository> {

  private final SourceArtifacts included = new SourceArtifacts();

  /** The include cache {@link GitRepositoryController} fills when its watch is prepared. */
  SourceArtifacts included() {
    return included;
  }

  @Override
  public Optional<?> of(GitRepository repo) {
    List<GitRepositoryInclude> includes =
        repo.getSpec() == null ? null : repo.getSpec().getInclude();
    if (includes == null || includes.isEmpty()) {
      return Optional.of(Boolean.TRUE);
    }
    List<String> states = new ArrayList<>(includes.size());
    for (GitRepositoryInclude include : includes) {
      if (include.getRepository() == null) {
        return Optional.empty();
      }
      Optional<String> state =
          included.state(
              GitRepository.KIND,
              repo.getMetadata().getNamespace(),
              include.getRepository().getName());
      if (state.isEmpty()) {
        return Optional.empty();
      }
      states.add(include.getRepository().getName() + "=" + state.get());
    }
    return Optional.of(states);
  }
}

package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryConditions.INCLUDE_UNAVAILABLE;
import static io.capstan.source.controller.GitRepositoryConditions.NOT_FOUND;
import static io.capstan.source.controller.GitRepositoryConditions.NO_ARTIFACT;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryInclude;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code spec.include} to the artifacts of the included GitRepositories (Flux's {@code
 * fetchIncludes}): a missing repository or one without an artifact marks {@code
 * IncludeUnavailable=True} ({@code NotFound} / {@code NoArtifact}) and waits {@code
 * --requeue-dependency} before trying again.
 */
final class IncludedArtifacts {

  private final KubernetesClient client;
  private final Duration requeueDependency;

  IncludedArtifacts(KubernetesClient client, Duration requeueDependency) {
    this.client = client;
    this.requeueDependency = requeueDependency;
  }

  /** The artifact of each include, in {@code spec.include} order. */
  List<Artifact> resolve(ReconcileContext<GitRepository> ctx) {
    GitRepository repo = ctx.resource();
    List<GitRepositoryInclude> wanted = repo.getSpec().getInclude();
    if (wanted == null || wanted.isEmpty()) {
      ctx.conditions().delete(INCLUDE_UNAVAILABLE);
      return List.of();
    }
    List<Artifact> artifacts = new ArrayList<>();
    for (GitRepositoryInclude include : wanted) {
      String name = include.getRepository() == null ? "" : include.getRepository().getName();
      GitRepository dep =
          client
              .resources(GitRepository.class)
              .inNamespace(repo.getMetadata().getNamespace())
              .withName(name)
              .get();
      if (dep == null) {
        throw unavailable(
            ctx,
            NOT_FOUND,
            "could not get resource for include '"
                + name
                + "': gitrepositories.source.toolkit.fluxcd.io \""
                + name
                + "\" not found");
      }
      if (dep.getStatus() == null || dep.getStatus().getArtifact() == null) {
        throw unavailable(ctx, NO_ARTIFACT, "no artifact available for include '" + name + "'");
      }
      artifacts.add(dep.getStatus().getArtifact());
    }
    ctx.conditions().delete(INCLUDE_UNAVAILABLE);
    return artifacts;
  }

  private ReconcileError.Waiting unavailable(
      ReconcileContext<GitRepository> ctx, String reason, String message) {
    ctx.conditions().markTrue(INCLUDE_UNAVAILABLE, reason, message);
    return new ReconcileError.Waiting(reason, message, requeueDependency);
  }

  /** The include's {@code toPath}, defaulting to the included repository's name, as Flux. */
  static String toPath(GitRepositoryInclude include) {
    String to = include.getToPath();
    return to == null || to.isEmpty() ? include.getRepository().getName() : to;
  }

  /**
   * Joins {@code relative} onto {@code root} the way Flux's secure join does: a leading {@code /}
   * is ignored and {@code ..} never climbs above {@code root}.
   */
  static Path secureJoin(Path root, String relative) {
    List<String> parts = new ArrayList<>();
    for (String part : relative.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }
}

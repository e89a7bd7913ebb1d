package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.GitRepository;
import java.util.Optional;

/**
 * The status rules every GitRepository status must follow, checked after each scenario: the shared
 * Flux contract ({@link io.capstan.testing.status.StatusContract} from toolkit-testing, with {@link
 * GitRepositoryConditions#REASONS}) plus what a Ready GitRepository must carry (its artifact,
 * Flux's "stored artifact for revision" message).
 */
final class StatusContract {

  private StatusContract() {}

  static Optional<Condition> condition(GitRepository repo, String type) {
    return io.capstan.testing.status.StatusContract.condition(repo, type);
  }

  static boolean has(GitRepository repo, String type, Condition.Status status, String reason) {
    return io.capstan.testing.status.StatusContract.has(repo, type, status, reason);
  }

  static boolean ready(GitRepository repo) {
    return io.capstan.testing.status.StatusContract.ready(repo, Reasons.SUCCEEDED);
  }

  /** The shared contract, then: Ready ⇒ an artifact and Flux's message for it. */
  static void check(GitRepository repo) {
    io.capstan.testing.status.StatusContract.check(repo, GitRepositoryConditions.REASONS);
    if (has(repo, ConditionTypes.READY, Condition.Status.True, null)) {
      assertThat(repo.getStatus().getArtifact()).isNotNull();
      assertThat(condition(repo, ConditionTypes.READY).orElseThrow().getMessage())
          .isEqualTo(
              "stored artifact for revision '"
                  + repo.getStatus().getArtifact().getRevision()
                  + "'");
    }
  }
}

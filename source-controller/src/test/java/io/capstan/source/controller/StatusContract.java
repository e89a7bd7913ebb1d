package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import java.util.List;
import java.util.Optional;

/** The status rules every GitRepository status must follow, checked after each scenario. */
final class StatusContract {

  private StatusContract() {}

  static Optional<Condition> condition(GitRepository repo, String type) {
    if (repo.getStatus() == null || repo.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return repo.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static boolean has(GitRepository repo, String type, Condition.Status status, String reason) {
    return condition(repo, type)
        .filter(c -> c.getStatus() == status && (reason == null || reason.equals(c.getReason())))
        .isPresent();
  }

  static boolean ready(GitRepository repo) {
    return has(repo, "Ready", Condition.Status.True, "Succeeded")
        && repo.getStatus().getObservedGeneration() != null
        && repo.getStatus().getObservedGeneration().equals(repo.getMetadata().getGeneration());
  }

  /** Ready ⇒ observed generation; reasons from the documented set; kstatus exclusivity. */
  static void check(GitRepository repo) {
    List<Condition> conditions =
        repo.getStatus() == null || repo.getStatus().getConditions() == null
            ? List.of()
            : repo.getStatus().getConditions();
    for (Condition c : conditions) {
      assertThat(GitRepositoryConditions.REASONS)
          .as("reason of %s", c.getType())
          .contains(c.getReason());
    }
    boolean reconciling = has(repo, "Reconciling", Condition.Status.True, null);
    boolean stalled = has(repo, "Stalled", Condition.Status.True, null);
    assertThat(reconciling && stalled).as("Reconciling and Stalled together").isFalse();
    if (has(repo, "Ready", Condition.Status.True, null)) {
      assertThat(repo.getStatus().getObservedGeneration())
          .isEqualTo(repo.getMetadata().getGeneration());
      assertThat(reconciling || stalled).isFalse();
      assertThat(repo.getStatus().getArtifact()).isNotNull();
      assertThat(condition(repo, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "stored artifact for revision '"
                  + repo.getStatus().getArtifact().getRevision()
                  + "'");
    }
    if (stalled) {
      assertThat(repo.getStatus().getObservedGeneration())
          .isEqualTo(repo.getMetadata().getGeneration());
      assertThat(has(repo, "Ready", Condition.Status.False, null)).isTrue();
    }
  }
}

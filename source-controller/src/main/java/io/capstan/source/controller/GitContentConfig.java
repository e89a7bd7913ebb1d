package io.capstan.source.controller;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryInclude;
import io.capstan.api.source.v1.GitRepositorySpec;
import io.capstan.api.source.v1.GitRepositoryStatus;
import io.capstan.git.VerificationMode;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether what goes into a GitRepository's artifact, besides the commit, changed since the
 * stored artifact was built (Flux's {@code gitContentConfigChanged}): ignore rules, submodules,
 * sparse checkout, includes and the artifacts they resolve to, and verification that still has to
 * happen. When nothing changed and the remote still points at the stored revision, no clone is
 * needed.
 */
final class GitContentConfig {

  private GitContentConfig() {}

  /** True when the artifact must be rebuilt even if the commit is the same. */
  static boolean changed(GitRepository repo, List<Artifact> includes, boolean sourceVerified) {
    GitRepositorySpec spec = repo.getSpec();
    GitRepositoryStatus status = repo.getStatus();
    if (status == null) {
      return true;
    }
    if (!Objects.equals(spec.getIgnore(), status.getObservedIgnore())) {
      return true;
    }
    if (isTrue(spec.getRecurseSubmodules()) != isTrue(status.getObservedRecurseSubmodules())) {
      return true;
    }
    if (!orEmpty(spec.getSparseCheckout()).equals(orEmpty(status.getObservedSparseCheckout()))) {
      return true;
    }
    if (requiresVerification(repo, sourceVerified)) {
      return true;
    }
    List<GitRepositoryInclude> wanted = orEmpty(spec.getInclude());
    if (!wanted.equals(orEmpty(status.getObservedInclude()))) {
      return true;
    }
    return includesChanged(includes, status.getIncludedArtifacts());
  }

  /** True when the resolved include artifacts differ (revision or digest) from the observed. */
  static boolean includesChanged(List<Artifact> current, List<Artifact> observed) {
    List<Artifact> now = orEmpty(current);
    List<Artifact> before = orEmpty(observed);
    if (now.size() != before.size()) {
      return true;
    }
    for (int i = 0; i < now.size(); i++) {
      if (!now.get(i).hasSameContent(before.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when signatures must be (re)checked: verification is asked for and either it has not
   * succeeded yet or its mode changed; or it was removed and the status still reports a mode.
   */
  static boolean requiresVerification(GitRepository repo, boolean sourceVerified) {
    var verify = repo.getSpec().getVerify();
    String observedMode =
        repo.getStatus() == null ? null : repo.getStatus().getSourceVerificationMode();
    if (verify == null || verify.getMode() == null) {
      return observedMode != null;
    }
    String wanted = VerificationMode.parse(verify.getMode().name()).fluxName();
    return !(sourceVerified && wanted.equals(observedMode));
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}

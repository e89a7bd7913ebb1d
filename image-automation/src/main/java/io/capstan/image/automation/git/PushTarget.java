package io.capstan.image.automation.git;

import io.capstan.api.image.v1.GitSpec;
import io.capstan.api.image.v1.PushSpec;
import io.capstan.api.source.v1.GitRepositoryRef;
import io.capstan.git.GitReference;
import io.capstan.git.GitRemote;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where an automation run reads from and writes to, decided from the ImageUpdateAutomation's {@code
 * spec.git} and its GitRepository, as Flux decides it: the checkout reference is {@code
 * spec.git.checkout.ref} or else the GitRepository's {@code spec.ref}; the push branch is {@code
 * spec.git.push.branch} or else the checkout branch; {@code spec.git.push.refspec} is pushed in
 * addition; {@code spec.git.push.options} go with every push.
 *
 * @param remote URL, credentials, proxy and timeout of the GitRepository
 * @param checkout the reference to clone
 * @param pushBranch the branch commits are made on and pushed to ({@code null} when only a refspec
 *     is pushed)
 * @param refspec an additional refspec to push, or {@code null}
 * @param pushOptions {@code git push -o} options, sorted by key, as {@code key} or {@code
 *     key=value}
 * @param forcePushBranch Flux's {@code GitForcePushBranch}: a push branch other than the checkout
 *     branch is regenerated from the checkout on each run and force-pushed
 */
public record PushTarget(
    GitRemote remote,
    GitReference checkout,
    String pushBranch,
    String refspec,
    List<String> pushOptions,
    boolean forcePushBranch) {

  /** Validates the parts. */
  public PushTarget {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(checkout, "checkout");
    pushOptions = pushOptions == null ? List.of() : List.copyOf(pushOptions);
  }

  /**
   * Decides the target from the automation's git spec and the GitRepository's reference.
   *
   * @throws InvalidSourceConfigurationException when there is no {@code spec.git}, or no push
   *     branch and the checkout reference is not a branch (Flux's {@code
   *     InvalidSourceConfiguration}, a stalling error)
   */
  public static PushTarget of(GitRemote remote, GitRepositoryRef sourceRef, GitSpec git)
      throws InvalidSourceConfigurationException {
    if (git == null) {
      throw new InvalidSourceConfigurationException(
          "source kind 'GitRepository' necessitates field .spec.git");
    }
    GitRepositoryRef ref =
        git.getCheckout() != null && git.getCheckout().getRef() != null
            ? git.getCheckout().getRef()
            : sourceRef;
    GitReference checkout =
        ref == null
            ? GitReference.defaultBranch()
            : new GitReference(
                ref.getBranch(), ref.getTag(), ref.getSemver(), ref.getName(), ref.getCommit());
    PushSpec push = git.getPush();
    String refspec = push == null || blank(push.getRefspec()) ? null : push.getRefspec();
    String pushBranch = push == null || blank(push.getBranch()) ? null : push.getBranch();
    if (pushBranch == null && refspec == null) {
      if (checkout.kind() != GitReference.Kind.BRANCH) {
        throw new InvalidSourceConfigurationException(
            "push spec not provided, and cannot be inferred from .spec.git.checkout.ref or"
                + " GitRepository .spec.ref");
      }
      pushBranch = checkout.effectiveBranch();
    }
    if (pushBranch == null && checkout.kind() != GitReference.Kind.BRANCH) {
      throw new InvalidSourceConfigurationException(
          "a push refspec without a push branch needs a branch to check out");
    }
    return new PushTarget(
        remote,
        checkout,
        pushBranch,
        refspec,
        options(push == null ? null : push.getOptions()),
        false);
  }

  /** The same target with Flux's {@code GitForcePushBranch} gate set to {@code force}. */
  public PushTarget withForcePushBranch(boolean force) {
    return new PushTarget(remote, checkout, pushBranch, refspec, pushOptions, force);
  }

  /** Whether the push branch is regenerated and force-pushed (the gate, and a switched branch). */
  public boolean forcesPush() {
    return forcePushBranch && switchBranch();
  }

  /** Whether commits are made on another branch than the one checked out (Flux's switch). */
  public boolean switchBranch() {
    return pushBranch != null
        && !(checkout.kind() == GitReference.Kind.BRANCH
            && pushBranch.equals(checkout.effectiveBranch()));
  }

  /** The branch commits are made on: the push branch, or else the checkout branch. */
  public String workBranch() {
    return pushBranch != null ? pushBranch : checkout.effectiveBranch();
  }

  private static List<String> options(Map<String, String> options) {
    if (options == null) {
      return List.of();
    }
    return new TreeMap<>(options)
        .entrySet().stream()
            .map(e -> blank(e.getValue()) ? e.getKey() : e.getKey() + "=" + e.getValue())
            .toList();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

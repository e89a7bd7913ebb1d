package io.capstan.git;

import java.util.Objects;

/**
 * The Git reference to check out, as in a GitRepository's {@code spec.ref}: any combination of
 * {@code branch}, {@code tag}, {@code semver}, {@code name} and {@code commit}. Blank values count
 * as absent.
 *
 * <p>Precedence follows Flux: {@code commit} &gt; {@code name} &gt; {@code semver} &gt; {@code tag}
 * &gt; {@code branch}; with nothing set the {@code master} branch is used. A commit may be combined
 * with a branch, which then limits what is fetched to that branch's history.
 */
public record GitReference(String branch, String tag, String semver, String name, String commit) {

  /** The branch used when a reference names nothing, as in Flux. */
  public static final String DEFAULT_BRANCH = "master";

  /** What a reference resolves by, after precedence is applied. */
  public enum Kind {
    BRANCH,
    TAG,
    SEMVER,
    NAME,
    COMMIT
  }

  /** Normalises blank values to {@code null}. */
  public GitReference {
    branch = blankToNull(branch);
    tag = blankToNull(tag);
    semver = blankToNull(semver);
    name = blankToNull(name);
    commit = blankToNull(commit);
    if (commit != null && !commit.matches("[0-9a-fA-F]{4,64}")) {
      throw new IllegalArgumentException("commit '" + commit + "' is not a hexadecimal hash");
    }
    if (commit != null) {
      commit = commit.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The default reference: the {@code master} branch. */
  public static GitReference defaultBranch() {
    return branch(DEFAULT_BRANCH);
  }

  /** A branch reference. */
  public static GitReference branch(String branch) {
    return new GitReference(Objects.requireNonNull(branch), null, null, null, null);
  }

  /** A tag reference. */
  public static GitReference tag(String tag) {
    return new GitReference(null, Objects.requireNonNull(tag), null, null, null);
  }

  /** A semver range over the repository's tags, e.g. {@code ">=1.0.0 <2.0.0"}. */
  public static GitReference semver(String range) {
    return new GitReference(null, null, Objects.requireNonNull(range), null, null);
  }

  /** Any fully qualified reference, e.g. {@code refs/pull/1/head}. */
  public static GitReference name(String refName) {
    return new GitReference(null, null, null, Objects.requireNonNull(refName), null);
  }

  /** A commit, searched in all branches. */
  public static GitReference commit(String sha) {
    return new GitReference(null, null, null, null, Objects.requireNonNull(sha));
  }

  /** A commit that must be reachable from {@code branch}. */
  public static GitReference commitInBranch(String sha, String branch) {
    return new GitReference(
        Objects.requireNonNull(branch), null, null, null, Objects.requireNonNull(sha));
  }

  /** The kind that wins by Flux's precedence. */
  public Kind kind() {
    if (commit != null) {
      return Kind.COMMIT;
    }
    if (name != null) {
      return Kind.NAME;
    }
    if (semver != null) {
      return Kind.SEMVER;
    }
    if (tag != null) {
      return Kind.TAG;
    }
    return Kind.BRANCH;
  }

  /** The branch to use: the given one, or {@code master} when none was given. */
  public String effectiveBranch() {
    return branch != null ? branch : DEFAULT_BRANCH;
  }

  /**
   * The full reference name that the winning kind points at on the remote, or {@code null} for
   * semver (decided from the tag list) and for a commit without a branch.
   */
  public String remoteRefName() {
    return switch (kind()) {
      case BRANCH -> "refs/heads/" + effectiveBranch();
      case TAG -> "refs/tags/" + tag;
      case NAME -> name;
      case COMMIT -> branch != null ? "refs/heads/" + branch : null;
      case SEMVER -> null;
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}

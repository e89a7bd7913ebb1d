package io.capstan.git;

import java.util.List;

/**
 * What a reference resolved to on the remote after one ls-remote.
 *
 * @param refName the full reference to fetch ({@code null} for a commit without branch)
 * @param hash the commit it points at ({@code null} when only a fetch can tell: a commit, or a
 *     semver tie between several tags)
 * @param tags for semver: the tags sharing the highest matching version (usually one)
 */
record Target(String refName, String hash, List<String> tags) {

  static Target resolve(GitReference reference, RemoteRefs refs, String url)
      throws GitException.ReferenceNotFound {
    if (refs.isEmpty()) {
      throw new GitException.ReferenceNotFound(
          "git repository is empty: '" + TransportFailures.redactUrl(url) + "'");
    }
    switch (reference.kind()) {
      case SEMVER -> {
        SemverSelector selector;
        try {
          selector = SemverSelector.of(reference.semver());
        } catch (IllegalArgumentException e) {
          throw new GitException.ReferenceNotFound(e.getMessage());
        }
        List<String> best = selector.highest(refs.tagNames());
        if (best.isEmpty()) {
          throw new GitException.ReferenceNotFound(
              "no match found for semver: " + reference.semver());
        }
        if (best.size() == 1) {
          String ref = "refs/tags/" + best.get(0);
          return new Target(ref, refs.commitOf(ref), best);
        }
        return new Target(null, null, best);
      }
      case COMMIT -> {
        String ref = reference.remoteRefName();
        if (ref != null && !refs.has(ref)) {
          throw notFound(ref, url);
        }
        return new Target(ref, null, List.of());
      }
      default -> {
        String ref = reference.remoteRefName();
        if (ref.startsWith("/") || ref.endsWith("/")) {
          throw new GitException.ReferenceNotFound(
              "ref " + ref + " is invalid; Git refs cannot begin or end with a slash '/'");
        }
        String hash = refs.commitOf(ref);
        if (hash == null) {
          throw notFound(ref, url);
        }
        return new Target(ref, hash, List.of());
      }
    }
  }

  /**
   * {@link CheckoutResult.Unchanged} when {@code lastObserved} names exactly this target's
   * revision, otherwise {@code null}.
   */
  CheckoutResult.Unchanged unchanged(GitReference reference, String lastObserved) {
    if (lastObserved == null || (hash == null && reference.kind() != GitReference.Kind.COMMIT)) {
      return null;
    }
    String observed = Revision.normalize(lastObserved);
    String candidate = hash;
    if (reference.kind() == GitReference.Kind.COMMIT) {
      candidate = Revision.hashOf(observed);
      if (candidate == null || !candidate.startsWith(reference.commit())) {
        return null;
      }
    }
    String revision = Revision.of(reference, refName, candidate);
    return revision.equals(observed)
        ? new CheckoutResult.Unchanged(candidate, refName, revision)
        : null;
  }

  private static GitException.ReferenceNotFound notFound(String ref, String url) {
    return new GitException.ReferenceNotFound(
        "unable to clone '"
            + TransportFailures.redactUrl(url)
            + "': couldn't find remote ref '"
            + ref
            + "'");
  }
}

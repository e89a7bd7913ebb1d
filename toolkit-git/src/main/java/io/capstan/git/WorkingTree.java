package io.capstan.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.CheckoutCommand;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/** Fetches a resolved {@link Target} into a fresh repository and writes its working tree. */
final class WorkingTree {

  private final String url;
  private final Path directory;
  private final TransportSettings transport;
  private final DeadlineMonitor monitor;
  private final int timeoutSeconds;

  WorkingTree(
      String url,
      Path directory,
      TransportSettings transport,
      DeadlineMonitor monitor,
      int timeoutSeconds) {
    this.url = url;
    this.directory = directory;
    this.transport = transport;
    this.monitor = monitor;
    this.timeoutSeconds = timeoutSeconds;
  }

  CheckoutResult.Checkout materialize(
      GitReference reference,
      Target target,
      boolean shallow,
      List<String> sparse,
      boolean submodules)
      throws GitAPIException, IOException, GitException {
    Files.createDirectories(directory);
    try (Git git = Git.init().setDirectory(directory.toFile()).call()) {
      Repository repo = git.getRepository();
      StoredConfig config = repo.getConfig();
      // v0 keeps the advertisement a single GET; relative submodule URLs resolve against origin.
      config.setInt("protocol", null, "version", 0);
      // Credentials come from the transport settings, never from the stored URL.
      config.setString("remote", "origin", "url", GitAuth.withoutCredentials(url));
      config.save();

      GitReference.Kind kind = reference.kind();
      List<String> specs = refSpecs(reference, target);
      FetchCommand fetch =
          git.fetch()
              .setRemote(url)
              .setRefSpecs(specs.stream().map(RefSpec::new).toList())
              .setTagOpt(TagOpt.NO_TAGS)
              .setTransportConfigCallback(transport)
              .setProgressMonitor(monitor)
              .setTimeout(timeoutSeconds);
      if (shallow && kind != GitReference.Kind.COMMIT) {
        fetch.setDepth(1);
      }
      fetch.call();

      try (RevWalk walk = new RevWalk(repo)) {
        Resolved resolved = resolve(repo, walk, reference, target);
        checkout(git, resolved.commit, sparse);
        if (submodules) {
          updateSubmodules(repo);
        }
        Commit commit = CommitReader.commit(resolved.commit, resolved.refName, resolved.tag);
        String revision = Revision.of(reference, resolved.refName, commit.hash());
        return new CheckoutResult.Checkout(commit, revision, directory);
      }
    }
  }

  /**
   * Fetched references are stored under {@code refs/fetched/}, away from {@code refs/heads/} that
   * the fresh repository's unborn HEAD points into.
   */
  private static List<String> refSpecs(GitReference reference, Target target) {
    return switch (reference.kind()) {
      case COMMIT ->
          target.refName() != null
              ? List.of(spec(target.refName()))
              : List.of("+refs/heads/*:" + local("refs/heads/*"));
      case SEMVER -> target.tags().stream().map(t -> spec("refs/tags/" + t)).toList();
      default -> List.of(spec(stripPeel(target.refName())));
    };
  }

  private static String spec(String remoteRef) {
    return "+" + remoteRef + ":" + local(remoteRef);
  }

  /** Where a fetched remote reference is stored locally. */
  private static String local(String remoteRef) {
    return "refs/fetched/" + (remoteRef.startsWith("refs/") ? remoteRef.substring(5) : remoteRef);
  }

  private record Resolved(String refName, RevCommit commit, AnnotatedTag tag) {}

  private Resolved resolve(Repository repo, RevWalk walk, GitReference reference, Target target)
      throws IOException, GitException {
    switch (reference.kind()) {
      case COMMIT -> {
        ObjectId id;
        try {
          id = repo.resolve(reference.commit() + "^{commit}");
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
          id = null;
        }
        if (id == null) {
          throw new GitException.ReferenceNotFound(
              target.refName() != null
                  ? "commit '" + reference.commit() + "' is not in '" + target.refName() + "'"
                  : "unable to resolve commit object for '" + reference.commit() + "'");
        }
        RevCommit commit = walk.parseCommit(id);
        if (target.refName() != null) {
          Ref tip = repo.exactRef(local(target.refName()));
          if (tip == null || !walk.isMergedInto(commit, walk.parseCommit(tip.getObjectId()))) {
            throw new GitException.ReferenceNotFound(
                "commit '" + reference.commit() + "' is not in '" + target.refName() + "'");
          }
          walk.reset();
        }
        return new Resolved(target.refName(), walk.parseCommit(id), null);
      }
      case SEMVER -> {
        Resolved best = null;
        for (String tag : target.tags()) {
          Resolved r = fromRef(repo, walk, "refs/tags/" + tag, true);
          if (best == null
              || r.commit
                  .getCommitterIdent()
                  .getWhenAsInstant()
                  .isAfter(best.commit.getCommitterIdent().getWhenAsInstant())) {
            best = r;
          }
        }
        return best;
      }
      case TAG -> {
        return fromRef(repo, walk, target.refName(), true);
      }
      case NAME -> {
        String ref = target.refName();
        boolean tagObject = ref.startsWith("refs/tags/") && !ref.endsWith("^{}");
        Resolved r = fromRef(repo, walk, stripPeel(ref), tagObject);
        return new Resolved(ref, r.commit, r.tag);
      }
      default -> {
        return fromRef(repo, walk, target.refName(), false);
      }
    }
  }

  private static Resolved fromRef(Repository repo, RevWalk walk, String refName, boolean keepTag)
      throws IOException, GitException {
    Ref ref = repo.exactRef(local(refName));
    if (ref == null || ref.getObjectId() == null) {
      throw new GitException.ReferenceNotFound("fetched no object for '" + refName + "'");
    }
    RevObject object = walk.parseAny(ref.getObjectId());
    AnnotatedTag tag = null;
    if (object instanceof RevTag revTag) {
      walk.parseBody(revTag);
      if (keepTag) {
        tag = CommitReader.tag(revTag);
      }
    }
    RevObject peeled = walk.peel(object);
    if (!(peeled instanceof RevCommit commit)) {
      throw new GitException.ReferenceNotFound("'" + refName + "' does not point at a commit");
    }
    walk.parseBody(commit);
    return new Resolved(refName, commit, tag);
  }

  private void checkout(Git git, RevCommit commit, List<String> sparse)
      throws GitAPIException, GitException {
    if (sparse.isEmpty()) {
      git.checkout().setName(commit.name()).setForced(true).call();
      return;
    }
    CheckoutCommand partial = git.checkout().setStartPoint(commit);
    sparse.forEach(partial::addPath);
    partial.call();
    for (String path : sparse) {
      if (!Files.exists(directory.resolve(path))) {
        throw new GitException.OperationFailed(
            "failed to sparse checkout directories : sparse checkout dir '"
                + path
                + "' does not exist in repository",
            null);
      }
    }
  }

  private void updateSubmodules(Repository repo) throws GitAPIException, IOException {
    try (Git git = Git.wrap(repo)) {
      git.submoduleInit().call();
      git.submoduleUpdate()
          .setTransportConfigCallback(transport)
          .setProgressMonitor(monitor)
          .call();
    }
    List<Repository> children = new ArrayList<>();
    try (SubmoduleWalk walk = SubmoduleWalk.forIndex(repo)) {
      while (walk.next()) {
        Repository child = walk.getRepository();
        if (child != null) {
          children.add(child);
        }
      }
    }
    for (Repository child : children) {
      try (child) {
        updateSubmodules(child);
      }
    }
  }

  private static String stripPeel(String ref) {
    return ref.endsWith("^{}") ? ref.substring(0, ref.length() - 3) : ref;
  }
}

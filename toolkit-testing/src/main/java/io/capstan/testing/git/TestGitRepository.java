package io.capstan.testing.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare Git repository for tests, written directly through JGit's object database (no working
 * tree): commits from a map of files, branches, lightweight, annotated and OpenPGP-signed tags, and
 * signed commits. Serve it with {@link GitHttpServer} or {@link GitSshServer}.
 *
 * <pre>{@code
 * try (TestGitRepository repo = TestGitRepository.create(dir.resolve("podinfo.git"))) {
 *   RevCommit c1 = repo.commit("main", "first", Map.of("deploy/app.yaml", "kind: ConfigMap"));
 *   repo.annotatedTag("v1.0.0", c1, "release 1.0.0");
 * }
 * }</pre>
 */
public final class TestGitRepository implements AutoCloseable {

  /** Default author and committer of fixture commits. */
  public static final PersonIdent FIXTURE_AUTHOR =
      new PersonIdent("Capstan Test", "test@capstan.invalid");

  private final Repository repository;

  private TestGitRepository(Repository repository) {
    this.repository = repository;
  }

  /** Creates an empty bare repository at {@code directory} whose HEAD names branch {@code main}. */
  public static TestGitRepository create(Path directory) {
    try {
      Repository repository =
          Git.init()
              .setBare(true)
              .setInitialBranch("main")
              .setDirectory(directory.toFile())
              .call()
              .getRepository();
      return new TestGitRepository(repository);
    } catch (GitAPIException e) {
      throw new IllegalStateException("Cannot create repository at " + directory, e);
    }
  }

  /** The JGit repository, e.g. to serve it or to inspect it. */
  public Repository repository() {
    return repository;
  }

  /** The repository's directory. */
  public Path directory() {
    return repository.getDirectory().toPath();
  }

  /**
   * Starts a commit on {@code branch}: its tree is the branch head's tree (empty for a new branch)
   * with the changes given to the returned builder.
   */
  public NewCommit newCommit(String branch) {
    return new NewCommit(this, branch);
  }

  /**
   * Commits {@code files} (path to UTF-8 content) on top of {@code branch}'s current tree, adding
   * or replacing those paths.
   */
  public RevCommit commit(String branch, String message, Map<String, String> files) {
    NewCommit commit = newCommit(branch).message(message);
    files.forEach(commit::file);
    return commit.create();
  }

  /** The commit {@code branch} points at, or null if the branch does not exist. */
  public ObjectId head(String branch) {
    try {
      return repository.resolve(Constants.R_HEADS + branch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates or moves branch {@code name} to {@code target}. */
  public void branch(String name, ObjectId target) {
    updateRef(Constants.R_HEADS + name, target);
  }

  /** Points {@code refs/tags/<name>} straight at {@code target}. */
  public Ref lightweightTag(String name, ObjectId target) {
    updateRef(Constants.R_TAGS + name, target);
    return exactRef(Constants.R_TAGS + name);
  }

  /**
   * Creates an annotated tag object for {@code target} and points {@code refs/tags/<name>} at it.
   */
  public Ref annotatedTag(String name, ObjectId target, String message) {
    return writeTag(name, target, message, null);
  }

  /** Like {@link #annotatedTag} with the tag object signed by {@code key}. */
  public Ref signedTag(String name, ObjectId target, String message, OpenPgpKey key) {
    return writeTag(name, target, message, key);
  }

  /** Every file of {@code commit}'s tree, path to UTF-8 content, sorted by path. */
  public Map<String, String> files(ObjectId commit) {
    Map<String, String> files = new TreeMap<>();
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        byte[] content = repository.open(tree.getObjectId(0)).getBytes();
        files.put(tree.getPathString(), new String(content, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /**
   * The bytes a commit's or tag's signature covers: the raw object without its {@code gpgsig}
   * header (commits) or trailing signature (tags).
   */
  public static byte[] signedPayload(RevObject object) {
    if (object instanceof RevCommit commit) {
      return SignedObjects.commitPayload(commit.getRawBuffer());
    }
    if (object instanceof org.eclipse.jgit.revwalk.RevTag tag) {
      return SignedObjects.tagPayload(tag.getRawBuffer());
    }
    throw new IllegalArgumentException("Not a commit or tag: " + object);
  }

  private Ref writeTag(String name, ObjectId target, String message, OpenPgpKey key) {
    try (ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      RevObject object = walk.parseAny(target);
      TagBuilder tag = new TagBuilder();
      tag.setTag(name);
      tag.setObjectId(object);
      tag.setTagger(new PersonIdent(FIXTURE_AUTHOR, java.time.Instant.now()));
      tag.setMessage(message.endsWith("\n") ? message : message + "\n");
      if (key != null) {
        tag.setGpgSignature(
            new GpgSignature(key.sign(tag.build()).getBytes(StandardCharsets.US_ASCII)));
      }
      ObjectId id = inserter.insert(tag);
      inserter.flush();
      updateRef(Constants.R_TAGS + name, id);
      return exactRef(Constants.R_TAGS + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void updateRef(String ref, ObjectId target) {
    try {
      RefUpdate update = repository.updateRef(ref);
      update.setNewObjectId(target);
      update.setForceUpdate(true);
      RefUpdate.Result result = update.update();
      switch (result) {
        case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
        default -> throw new IllegalStateException("Cannot update " + ref + ": " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Ref exactRef(String name) {
    try {
      return repository.exactRef(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the JGit repository (the files stay). */
  @Override
  public void close() {
    repository.close();
  }
}

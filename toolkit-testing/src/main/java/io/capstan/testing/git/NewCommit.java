package io.capstan.testing.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A commit being described: file changes on top of the branch head, message, author, time and an
 * optional OpenPGP signature. {@link #create()} writes it and moves the branch.
 */
public final class NewCommit {

  private final TestGitRepository repo;
  private final String branch;
  private final Map<String, byte[]> changes = new LinkedHashMap<>(); // null value = delete
  private final Map<String, ObjectId> gitlinks = new LinkedHashMap<>();
  private String message = "fixture commit";
  private PersonIdent author = TestGitRepository.FIXTURE_AUTHOR;
  private Instant when;
  private OpenPgpKey signer;

  NewCommit(TestGitRepository repo, String branch) {
    this.repo = repo;
    this.branch = branch;
  }

  /** Adds or replaces {@code path} with UTF-8 {@code content}. */
  public NewCommit file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds or replaces {@code path} with {@code content}. */
  public NewCommit file(String path, byte[] content) {
    changes.put(normalize(path), content.clone());
    return this;
  }

  /** Removes {@code path} (a file) from the tree. */
  public NewCommit delete(String path) {
    changes.put(normalize(path), null);
    return this;
  }

  /**
   * Adds a submodule entry (a gitlink) at {@code path} pointing at {@code commit}; pair it with a
   * {@code .gitmodules} file.
   */
  public NewCommit gitlink(String path, ObjectId commit) {
    gitlinks.put(normalize(path), commit.copy());
    return this;
  }

  /** The commit message. */
  public NewCommit message(String message) {
    this.message = message;
    return this;
  }

  /** Author and committer (default {@link TestGitRepository#FIXTURE_AUTHOR}). */
  public NewCommit author(String name, String email) {
    this.author = new PersonIdent(name, email);
    return this;
  }

  /** Author and commit time (default: now). */
  public NewCommit at(Instant when) {
    this.when = when;
    return this;
  }

  /** Signs the commit with {@code key} (a {@code gpgsig} header, as {@code git commit -S}). */
  public NewCommit signedWith(OpenPgpKey key) {
    this.signer = key;
    return this;
  }

  /** Writes the tree and commit, moves the branch to it and returns it. */
  public RevCommit create() {
    var repository = repo.repository();
    ObjectId parent = repo.head(branch);
    try (ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      Map<String, ObjectId> tree = new TreeMap<>();
      Map<String, FileMode> modes = new TreeMap<>();
      if (parent != null) {
        try (TreeWalk treeWalk = new TreeWalk(repository)) {
          treeWalk.addTree(walk.parseCommit(parent).getTree());
          treeWalk.setRecursive(true);
          while (treeWalk.next()) {
            tree.put(treeWalk.getPathString(), treeWalk.getObjectId(0));
            modes.put(treeWalk.getPathString(), treeWalk.getFileMode(0));
          }
        }
      }
      gitlinks.forEach(
          (path, commitId) -> {
            tree.put(path, commitId);
            modes.put(path, FileMode.GITLINK);
          });
      for (Map.Entry<String, byte[]> change : changes.entrySet()) {
        if (change.getValue() == null) {
          if (tree.remove(change.getKey()) == null) {
            throw new IllegalArgumentException("Cannot delete missing file " + change.getKey());
          }
        } else {
          tree.put(change.getKey(), inserter.insert(Constants.OBJ_BLOB, change.getValue()));
        }
      }
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      tree.forEach(
          (path, blob) -> {
            DirCacheEntry entry = new DirCacheEntry(path);
            entry.setFileMode(modes.getOrDefault(path, FileMode.REGULAR_FILE));
            entry.setObjectId(blob);
            builder.add(entry);
          });
      builder.finish();

      PersonIdent ident =
          when == null ? new PersonIdent(author, Instant.now()) : new PersonIdent(author, when);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      if (parent != null) {
        commit.setParentId(parent);
      }
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage(message.endsWith("\n") ? message : message + "\n");
      if (signer != null) {
        commit.setGpgSignature(
            new GpgSignature(signer.sign(commit.build()).getBytes(StandardCharsets.US_ASCII)));
      }
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      repo.updateRef(Constants.R_HEADS + branch, id);
      return walk.parseCommit(id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String normalize(String path) {
    String normalized = path.replace('\\', '/');
    while (normalized.startsWith("/")) {
      normalized = normalized.substring(1);
    }
    if (normalized.isEmpty() || normalized.endsWith("/")) {
      throw new IllegalArgumentException("Not a file path: " + path);
    }
    return normalized;
  }
}

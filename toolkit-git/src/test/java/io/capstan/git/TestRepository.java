package io.capstan.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Test-only bare repository builder: commits written straight into the object database (no working
 * tree), optionally signed by a function over the unsigned object bytes.
 */
public final class TestRepository implements AutoCloseable {

  private final Repository repo;
  private final Path dir;
  private int clock = 1_700_000_000;

  private TestRepository(Repository repo, Path dir) {
    this.repo = repo;
    this.dir = dir;
  }

  /** Creates an empty bare repository at {@code dir}. */
  public static TestRepository createBare(Path dir) throws IOException {
    Files.createDirectories(dir);
    Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    r.create(true);
    r.getConfig().setBoolean("uploadpack", null, "allowReachableSHA1InWant", true);
    r.getConfig().save();
    return new TestRepository(r, dir);
  }

  /**
   * Opens the repository at {@code dir} for a test server to serve (toolkit-testing's {@code
   * GitHttpServer}/{@code GitSshServer} serve open {@link Repository} objects); the caller closes
   * it.
   */
  static Repository openForServing(Path dir) throws IOException {
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).build();
  }

  /**
   * Opens every bare repository {@code <name>.git} directly under {@code root} and hands it to
   * {@code serve} as {@code <name>}; returns them for the caller to close.
   */
  static List<Repository> serveAll(Path root, BiConsumer<String, Repository> serve)
      throws IOException {
    List<Repository> opened = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().endsWith(".git")).toList()) {
        String name = dir.getFileName().toString();
        Repository repository = openForServing(dir);
        opened.add(repository);
        serve.accept(name.substring(0, name.length() - 4), repository);
      }
    }
    return opened;
  }

  static TestRepository open(Path dir) throws IOException {
    return new TestRepository(new FileRepositoryBuilder().setGitDir(dir.toFile()).build(), dir);
  }

  Path dir() {
    return dir;
  }

  Repository repository() {
    return repo;
  }

  /** Commits {@code files} (path to content) as the whole tree on top of {@code branch}. */
  public String commit(String branch, Map<String, String> files, String message)
      throws IOException {
    return commit(branch, files, Map.of(), message, null);
  }

  /** Commits a tree with files and gitlinks, signing the commit with {@code signer} if given. */
  public String commit(
      String branch,
      Map<String, String> files,
      Map<String, String> gitlinks,
      String message,
      UnaryOperator<byte[]> signer)
      throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder b = index.builder();
      Map<String, DirCacheEntry> sorted = new TreeMap<>();
      for (var f : files.entrySet()) {
        DirCacheEntry e = new DirCacheEntry(f.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(
            ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
        sorted.put(f.getKey(), e);
      }
      for (var g : gitlinks.entrySet()) {
        DirCacheEntry e = new DirCacheEntry(g.getKey());
        e.setFileMode(FileMode.GITLINK);
        e.setObjectId(ObjectId.fromString(g.getValue()));
        sorted.put(g.getKey(), e);
      }
      sorted.values().forEach(b::add);
      b.finish();
      ObjectId tree = index.writeTree(ins);
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      ObjectId parent = repo.resolve("refs/heads/" + branch);
      if (parent != null) {
        cb.setParentId(parent);
      }
      PersonIdent who = person();
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(message);
      if (signer != null) {
        cb.setGpgSignature(new GpgSignature(signer.apply(cb.build())));
      }
      ObjectId id = ins.insert(cb);
      ins.flush();
      updateRef("refs/heads/" + branch, id);
      return id.name();
    }
  }

  /** A lightweight tag. */
  void lightweightTag(String name, String commit) throws IOException {
    updateRef("refs/tags/" + name, ObjectId.fromString(commit));
  }

  /** An annotated tag, signed with {@code signer} if given; returns the tag object's hash. */
  String annotatedTag(String name, String commit, UnaryOperator<byte[]> signer) throws IOException {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      TagBuilder tb = new TagBuilder();
      tb.setTag(name);
      tb.setObjectId(ObjectId.fromString(commit), Constants.OBJ_COMMIT);
      tb.setTagger(person());
      tb.setMessage("release " + name + "\n");
      if (signer != null) {
        tb.setGpgSignature(new GpgSignature(signer.apply(tb.build())));
      }
      ObjectId id = ins.insert(tb);
      ins.flush();
      updateRef("refs/tags/" + name, id);
      return id.name();
    }
  }

  /** Points any reference (e.g. {@code refs/pull/1/head}) at a commit. */
  void ref(String name, String commit) throws IOException {
    updateRef(name, ObjectId.fromString(commit));
  }

  private PersonIdent person() {
    clock += 60;
    return new PersonIdent(
        "Test Author", "author@example.com", Instant.ofEpochSecond(clock), ZoneOffset.UTC);
  }

  private void updateRef(String name, ObjectId id) throws IOException {
    RefUpdate u = repo.updateRef(name);
    u.setNewObjectId(id);
    u.setForceUpdate(true);
    RefUpdate.Result r = u.update();
    if (r != RefUpdate.Result.NEW
        && r != RefUpdate.Result.FORCED
        && r != RefUpdate.Result.NO_CHANGE
        && r != RefUpdate.Result.FAST_FORWARD) {
      throw new IOException("ref update " + name + " failed: " + r);
    }
  }

  /** Closes the repository. */
  @Override
  public void close() {
    repo.close();
  }
}

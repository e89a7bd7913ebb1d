package io.capstan.source.storage;

import io.capstan.api.meta.Artifact;
import io.capstan.runtime.artifact.ArchiveExtractor;
import io.capstan.runtime.artifact.ArtifactDigest;
import io.capstan.runtime.artifact.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The artifact store shared by every source kind: a directory laid out as Flux's ({@code
 * <kind>/<namespace>/<name>/<file>}) and served over HTTP by {@link ArtifactServer}.
 *
 * <p>Guarantees: artifact files appear atomically (temp file in the same directory, fsync, rename),
 * so the server and consumers never see a partial file; every mutation of an object's files holds
 * that object's {@link ObjectLock}, so concurrent reconciles of one object serialize (callers may
 * also hold the lock around a longer sequence — it is reentrant); archives are deterministic (see
 * {@link DeterministicTarball}); artifact paths can never resolve outside the storage root.
 * Artifacts passed in are never mutated: methods that produce an artifact return a completed copy
 * with {@code digest}, {@code size} and {@code lastUpdateTime} set.
 */
public final class ArtifactStorage {

  /**
   * The stable name Flux's GitRepository, OCIRepository, Bucket and HelmChart point at their latest
   * artifact ({@code status.url}); HelmRepository uses {@code index.yaml}.
   */
  public static final String LATEST_LINK = "latest.tar.gz";

  private final Path root;
  private final String advertisedAddress;
  private final RetentionPolicy retention;
  private final Clock clock;
  private final ObjectLocks locks = new ObjectLocks();

  /**
   * A storage rooted at {@code basePath} (created if absent) whose artifact URLs use {@code
   * advertisedAddress} ({@code --storage-adv-addr}, e.g. {@code source-controller.flux-system.svc}
   * or {@code http://host:9090}).
   */
  public ArtifactStorage(Path basePath, String advertisedAddress, RetentionPolicy retention)
      throws IOException {
    this(basePath, advertisedAddress, retention, Clock.systemUTC());
  }

  ArtifactStorage(Path basePath, String advertisedAddress, RetentionPolicy retention, Clock clock)
      throws IOException {
    Files.createDirectories(basePath);
    this.root = basePath.toRealPath();
    this.advertisedAddress = Objects.requireNonNull(advertisedAddress, "advertisedAddress");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = clock;
  }

  /** The storage root (symlinks resolved). */
  public Path root() {
    return root;
  }

  /** The retention policy applied by {@link #garbageCollect}. */
  public RetentionPolicy retention() {
    return retention;
  }

  /**
   * A new, not yet written artifact of {@code owner}: path {@code <kind>/<ns>/<name>/<fileName>},
   * its URL, and {@code revision}. Flux names GitRepository artifacts {@code <commit sha>.tar.gz}.
   */
  public Artifact newArtifact(ArtifactOwner owner, String revision, String fileName) {
    Artifact artifact = new Artifact();
    artifact.setPath(owner.artifactPath(fileName));
    artifact.setUrl(urlFor(artifact.getPath()));
    artifact.setRevision(revision);
    return artifact;
  }

  /**
   * The URL of an artifact path: {@code http://<adv-addr>/<path>}, or {@code <adv-addr>/<path>}
   * when the advertised address already carries a scheme (as Flux).
   */
  public String urlFor(String artifactPath) {
    String path = artifactPath.replaceFirst("^/+", "");
    if (advertisedAddress.startsWith("http://") || advertisedAddress.startsWith("https://")) {
      return advertisedAddress.replaceFirst("/+$", "") + "/" + path;
    }
    return "http://" + advertisedAddress + "/" + path;
  }

  /**
   * Where the artifact's file is on disk.
   *
   * @throws IllegalArgumentException when the path is empty, absolute or escapes the root
   */
  public Path localPath(Artifact artifact) {
    String path = Objects.requireNonNull(artifact.getPath(), "artifact path");
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
      throw new IllegalArgumentException("invalid artifact path '" + path + "'");
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
        throw new IllegalArgumentException("invalid artifact path '" + path + "'");
      }
    }
    Path local = root.resolve(path).normalize();
    if (!local.startsWith(root) || local.equals(root)) {
      throw new IllegalArgumentException("artifact path '" + path + "' escapes the storage");
    }
    return local;
  }

  /** True when the artifact's file exists and is a regular file (not a symlink). */
  public boolean exists(Artifact artifact) {
    return Files.isRegularFile(localPath(artifact), LinkOption.NOFOLLOW_LINKS);
  }

  /** Takes the lock of {@code owner}'s artifacts (see {@link ObjectLock}). */
  public ObjectLock lock(ArtifactOwner owner) throws IOException, InterruptedException {
    return locks.acquire(root.resolve(owner.directory()));
  }

  /** Takes the lock of the object that {@code artifact} belongs to. */
  public ObjectLock lock(Artifact artifact) throws IOException, InterruptedException {
    return locks.acquire(localPath(artifact).getParent());
  }

  /**
   * Archives {@code dir} as a deterministic {@code tar.gz} into the artifact's path, skipping what
   * {@code filter} excludes, and returns the completed artifact.
   */
  public Artifact archive(Artifact artifact, Path dir, ArchiveFilter filter)
      throws IOException, InterruptedException {
    Objects.requireNonNull(filter, "filter");
    return store(artifact, out -> DeterministicTarball.write(dir, filter, out));
  }

  /** Atomically stores the bytes of {@code content} as the artifact and returns it completed. */
  public Artifact write(Artifact artifact, InputStream content)
      throws IOException, InterruptedException {
    return store(artifact, content::transferTo);
  }

  /** Atomically copies the file {@code source} into the artifact's path; returns it completed. */
  public Artifact copyFromPath(Artifact artifact, Path source)
      throws IOException, InterruptedException {
    try (InputStream in = Files.newInputStream(source)) {
      return write(artifact, in);
    }
  }

  /**
   * Extracts the (sub)path {@code fromPath} of a stored tarball artifact to {@code toPath},
   * replacing whatever was there (GitRepository {@code include}). {@code fromPath} is read as
   * relative to the artifact root and cannot climb above it ({@code ..} stops at the root, as
   * Flux's secure join); an empty {@code fromPath} means the whole artifact.
   */
  public void copyToPath(Artifact artifact, String fromPath, Path toPath) throws IOException {
    Path archive = localPath(artifact);
    Path parent = toPath.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path work = Files.createTempDirectory(parent, ".include-");
    try {
      Path unpacked = work.resolve("unpack");
      new ArchiveExtractor(ArchiveExtractor.UNLIMITED, ArchiveExtractor.UNLIMITED)
          .extract(archive, unpacked);
      Path source = clampedResolve(unpacked, fromPath);
      if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(
            "path '" + fromPath + "' not found in artifact " + artifact.getPath());
      }
      FileTree.deleteIfExists(toPath);
      Files.move(source, toPath);
    } finally {
      FileTree.deleteIfExists(work);
    }
  }

  /**
   * Flux's {@code Storage.Symlink}: points {@code <object dir>/<linkName>} at the artifact's file
   * and returns the link's URL (what {@code status.url} advertises). The link is relative (it names
   * the file in the same directory), so it survives a moved storage root, and it is replaced
   * atomically: a symlink created under a hidden temporary name is renamed over the old one, so a
   * reader resolving the link sees the previous artifact or the new one, never a missing or partial
   * file. Garbage collection never deletes links, only artifact files; {@link #removeAll} removes
   * them with the object's directory.
   *
   * @throws IllegalArgumentException when {@code linkName} is not a plain, visible file name
   */
  public String symlink(Artifact artifact, String linkName)
      throws IOException, InterruptedException {
    Path target = localPath(artifact);
    Path dir = target.getParent();
    Path link = linkPath(dir, linkName);
    underLock(
        dir,
        () -> {
          Path temp =
              dir.resolve("." + linkName + "." + UUID.randomUUID() + AtomicFile.TEMP_SUFFIX);
          try {
            Files.createSymbolicLink(temp, target.getFileName());
            Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(temp);
          }
          return null;
        });
    return linkUrl(artifact, linkName);
  }

  /** Whether {@code <object dir>/<linkName>} is a link to the artifact's file. */
  public boolean linksTo(Artifact artifact, String linkName) {
    Path target = localPath(artifact);
    Path link = linkPath(target.getParent(), linkName);
    try {
      return Files.readSymbolicLink(link).equals(target.getFileName());
    } catch (NotLinkException | NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** The URL of {@code <object dir>/<linkName>} for the object owning {@code artifact}. */
  public String linkUrl(Artifact artifact, String linkName) {
    Path target = localPath(artifact);
    linkPath(target.getParent(), linkName);
    String path = artifact.getPath();
    return urlFor(path.substring(0, path.lastIndexOf('/') + 1) + linkName);
  }

  private static Path linkPath(Path dir, String linkName) {
    if (linkName == null
        || linkName.isEmpty()
        || linkName.startsWith(".")
        || linkName.contains("/")
        || linkName.contains("\\")
        || linkName.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid link name '" + linkName + "'");
    }
    return dir.resolve(linkName);
  }

  /**
   * Checks the stored file against the artifact's digest.
   *
   * @throws io.capstan.runtime.artifact.ArtifactDigestMismatchException when they differ
   * @throws io.capstan.runtime.artifact.InvalidDigestException when the artifact has no usable
   *     digest
   */
  public void verify(Artifact artifact) throws IOException {
    ArtifactDigest.parse(artifact.getDigest()).verify(localPath(artifact));
  }

  /**
   * Applies the {@link RetentionPolicy} to the object of {@code current}: deletes expired and
   * surplus previous artifacts (never {@code current}) and temporary files abandoned by a crashed
   * writer. Returns the deleted artifact files, oldest first.
   */
  public List<Path> garbageCollect(Artifact current) throws IOException, InterruptedException {
    Path currentFile = localPath(current);
    return underLock(
        currentFile.getParent(),
        () -> {
          Map<Path, Instant> files = artifactFiles(currentFile.getParent(), true);
          List<Path> garbage = retention.garbage(files, currentFile, clock.instant());
          for (Path p : garbage) {
            Files.deleteIfExists(p);
          }
          return garbage;
        });
  }

  /** Deletes every artifact file of the object except {@code current}; returns them. */
  public List<Path> removeAllButCurrent(Artifact current) throws IOException, InterruptedException {
    Path currentFile = localPath(current);
    return underLock(
        currentFile.getParent(),
        () -> {
          List<Path> removed = new ArrayList<>();
          for (Path p : artifactFiles(currentFile.getParent(), true).keySet()) {
            if (!p.equals(currentFile)) {
              Files.deleteIfExists(p);
              removed.add(p);
            }
          }
          removed.sort(null);
          return removed;
        });
  }

  /**
   * Deletes the whole directory of {@code owner} (on object deletion, before removing the
   * finalizer). Returns whether there was anything to delete.
   */
  public boolean removeAll(ArtifactOwner owner) throws IOException, InterruptedException {
    Path dir = root.resolve(owner.directory());
    return underLock(
        dir,
        () -> {
          boolean existed = !artifactFiles(dir, false).isEmpty();
          FileTree.deleteIfExists(dir);
          return existed;
        });
  }

  private Artifact store(Artifact artifact, AtomicFile.Content content)
      throws IOException, InterruptedException {
    Path target = localPath(artifact);
    AtomicFile.Written written =
        underLock(target.getParent(), () -> AtomicFile.write(target, content));
    Artifact completed = copyOf(artifact);
    completed.setDigest(written.digest().toString());
    completed.setSize(written.size());
    completed.setLastUpdateTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    return completed;
  }

  /** An action on an object's files, run while holding the object's lock. */
  @FunctionalInterface
  private interface LockedAction<T> {
    T run() throws IOException;
  }

  private <T> T underLock(Path objectDir, LockedAction<T> action)
      throws IOException, InterruptedException {
    ObjectLock lock = locks.acquire(objectDir);
    try {
      return action.run();
    } finally {
      lock.close();
    }
  }

  /**
   * The artifact files of an object directory with their mtimes; optionally deletes temporary files
   * left by crashed writers (safe because callers hold the object lock, and every writer holds it
   * too).
   */
  private static Map<Path, Instant> artifactFiles(Path dir, boolean deleteStrayTemps)
      throws IOException {
    Map<Path, Instant> files = new HashMap<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        BasicFileAttributes attrs =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (AtomicFile.isTemporary(name)) {
          if (deleteStrayTemps) {
            Files.deleteIfExists(p);
          }
        } else if (attrs.isRegularFile() && !name.startsWith(".")) {
          files.put(p, attrs.lastModifiedTime().toInstant());
        }
      }
    }
    return files;
  }

  private static Artifact copyOf(Artifact a) {
    Artifact c = new Artifact();
    c.setPath(a.getPath());
    c.setUrl(a.getUrl());
    c.setRevision(a.getRevision());
    c.setDigest(a.getDigest());
    c.setSize(a.getSize());
    c.setLastUpdateTime(a.getLastUpdateTime());
    c.setMetadata(a.getMetadata());
    c.additionalProperties().putAll(a.additionalProperties());
    return c;
  }

  /**
   * Resolves {@code subPath} under {@code base} the way a secure join does: leading slashes are
   * dropped and {@code ..} never climbs above {@code base}.
   */
  static Path clampedResolve(Path base, String subPath) {
    List<String> kept = new ArrayList<>();
    for (String segment : (subPath == null ? "" : subPath).replace('\\', '/').split("/")) {
      if (segment.equals("..")) {
        if (!kept.isEmpty()) {
          kept.remove(kept.size() - 1);
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        kept.add(segment);
      }
    }
    Path resolved = base;
    for (String segment : kept) {
      resolved = resolved.resolve(segment);
    }
    return resolved;
  }
}

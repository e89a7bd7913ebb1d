package io.capstan.runtime.artifact;

import io.capstan.runtime.artifact.TarEntryReader.Entry;
import io.capstan.runtime.artifact.UnsafeArchiveException.Violation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Extracts a gzip-compressed tarball into a directory, refusing anything that could write outside
 * it or exhaust the disk.
 *
 * <p>Guarantees: an entry with an absolute name or a {@code ..} segment fails the whole extraction
 * with an {@link UnsafeArchiveException} naming the entry; symlinks, hard links, device files and
 * FIFOs are skipped (counted in {@link Summary#skipped()}); the sum of entry sizes never exceeds
 * {@link #maxBytes()} and the number of tar headers never exceeds {@link #maxEntries()}; files are
 * never written through a symlink that already exists in the target. Files keep their permission
 * bits from the archive, always readable and writable by the owner; directories are always
 * traversable by the owner. On failure the target may hold a partial tree: extract into a fresh
 * directory you delete on failure (as {@link ArtifactFetcher} does).
 */
public final class ArchiveExtractor {

  /** Flux's default extraction limit ({@code tar.DefaultMaxUntarSize}): 100 MiB. */
  public static final long DEFAULT_MAX_BYTES = 100L << 20;

  /** Default bound on the number of tar headers: generous for monorepos, fatal for tar bombs. */
  public static final long DEFAULT_MAX_ENTRIES = 1_000_000;

  /** Pass as a limit to disable it. */
  public static final long UNLIMITED = -1;

  private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

  private final long maxBytes;
  private final long maxEntries;

  /** An extractor with Flux's default size limit and {@link #DEFAULT_MAX_ENTRIES}. */
  public ArchiveExtractor() {
    this(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);
  }

  /**
   * An extractor with explicit limits; each is a positive number or {@link #UNLIMITED}.
   *
   * @param maxBytes bound on the total uncompressed size of all entries
   * @param maxEntries bound on the number of tar headers (metadata headers included)
   */
  public ArchiveExtractor(long maxBytes, long maxEntries) {
    if ((maxBytes <= 0 && maxBytes != UNLIMITED) || (maxEntries <= 0 && maxEntries != UNLIMITED)) {
      throw new IllegalArgumentException("limits must be positive or UNLIMITED");
    }
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  /** The bound on the total uncompressed size, or {@link #UNLIMITED}. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The bound on the number of tar headers, or {@link #UNLIMITED}. */
  public long maxEntries() {
    return maxEntries;
  }

  /** What an extraction produced. */
  public record Summary(long files, long directories, long skipped, long bytes) {}

  /**
   * Extracts the {@code .tar.gz} file {@code archive} into {@code targetDir} (created if absent).
   */
  public Summary extract(Path archive, Path targetDir) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      return extract(in, targetDir);
    }
  }

  /** Extracts a gzip-compressed tar stream into {@code targetDir} (created if absent). */
  public Summary extract(InputStream gzipped, Path targetDir) throws IOException {
    Files.createDirectories(targetDir);
    Path root = targetDir.toRealPath();
    InputStream tar;
    try {
      tar = new BufferedInputStream(new GZIPInputStream(gzipped, 64 * 1024), 64 * 1024);
    } catch (ZipException | java.io.EOFException e) {
      throw TarEntryReader.malformed(null, "not a gzip stream: " + e.getMessage(), e);
    }
    try {
      return extractTar(tar, root);
    } catch (ZipException e) {
      throw TarEntryReader.malformed(null, "corrupt gzip stream: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw TarEntryReader.malformed(null, "truncated gzip stream", e);
    }
  }

  private Summary extractTar(InputStream tar, Path root) throws IOException {
    TarEntryReader reader = new TarEntryReader(tar, maxEntries);
    Set<Path> verifiedDirs = new HashSet<>();
    verifiedDirs.add(root);
    long directories = 0;
    long files = 0;
    long skipped = 0;
    long bytes = 0;
    for (Entry entry; (entry = reader.next()) != null; ) {
      String relative = safeRelativeName(entry.name());
      switch (entry.type()) {
        case FILE -> {
          if (maxBytes != UNLIMITED && entry.size() > maxBytes - bytes) {
            throw new UnsafeArchiveException(
                Violation.SIZE_LIMIT,
                entry.name(),
                "extracting "
                    + entry.size()
                    + " more bytes after "
                    + bytes
                    + " would exceed the limit of "
                    + maxBytes
                    + " bytes");
          }
          if (relative.isEmpty()) {
            throw new UnsafeArchiveException(
                Violation.INVALID_NAME, entry.name(), "a file cannot be the archive root");
          }
          Path file = root.resolve(relative);
          ensureDirectory(file.getParent(), root, verifiedDirs, entry.name());
          writeFile(file, reader.content(), entry);
          bytes += entry.size();
          files++;
        }
        case DIRECTORY -> {
          if (!relative.isEmpty()) {
            Path dir = root.resolve(relative);
            ensureDirectory(dir, root, verifiedDirs, entry.name());
            setPermissions(dir, entry.mode() | 0700);
            directories++;
          }
        }
        case SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO -> skipped++;
        case OTHER ->
            throw new UnsafeArchiveException(
                Violation.UNSUPPORTED_ENTRY,
                entry.name(),
                "tar entry type '" + entry.typeFlag() + "' is not supported");
      }
    }
    return new Summary(files, directories, skipped, bytes);
  }

  /**
   * The entry name as a clean relative path ({@code ""} for the archive root), or an exception
   * naming the rule it breaks.
   */
  static String safeRelativeName(String raw) throws UnsafeArchiveException {
    if (raw.isEmpty()) {
      throw new UnsafeArchiveException(Violation.INVALID_NAME, raw, "empty entry name");
    }
    if (raw.indexOf('\0') >= 0) {
      throw new UnsafeArchiveException(Violation.INVALID_NAME, raw, "entry name contains NUL");
    }
    if (raw.startsWith("/") || DRIVE_LETTER.matcher(raw).matches() || raw.startsWith("\\")) {
      throw new UnsafeArchiveException(
          Violation.ABSOLUTE_PATH, raw, "absolute entry names are not allowed");
    }
    if (raw.indexOf('\\') >= 0) {
      throw new UnsafeArchiveException(
          Violation.INVALID_NAME, raw, "entry name contains a backslash");
    }
    StringBuilder clean = new StringBuilder();
    for (String segment : raw.split("/")) {
      if (segment.equals("..")) {
        throw new UnsafeArchiveException(
            Violation.PATH_TRAVERSAL, raw, "'..' would escape the target directory");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (clean.length() > 0) {
        clean.append('/');
      }
      clean.append(segment);
    }
    return clean.toString();
  }

  /** Creates {@code dir} and checks that, symlinks resolved, it is still inside {@code root}. */
  private static void ensureDirectory(Path dir, Path root, Set<Path> verified, String entry)
      throws IOException {
    if (verified.contains(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      throw new UnsafeArchiveException(
          Violation.INVALID_NAME, entry, "cannot create directory: " + e.getMessage(), e);
    }
    if (!dir.toRealPath().startsWith(root)) {
      throw new UnsafeArchiveException(
          Violation.PATH_TRAVERSAL, entry, "a symlink in the target leads outside of it");
    }
    verified.add(dir);
  }

  private static void writeFile(Path file, InputStream content, Entry entry) throws IOException {
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnsafeArchiveException(
          Violation.INVALID_NAME, entry.name(), "a directory of that name was already extracted");
    }
    long written;
    try (OutputStream out =
        Files.newOutputStream(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      written = content.transferTo(out);
    } catch (FileSystemException e) {
      throw new UnsafeArchiveException(
          Violation.INVALID_NAME, entry.name(), "cannot write file: " + e.getMessage(), e);
    }
    if (written != entry.size()) {
      throw TarEntryReader.malformed(
          entry.name(), "entry has " + written + " bytes, header says " + entry.size(), null);
    }
    setPermissions(file, entry.mode() | 0600);
  }

  private static void setPermissions(Path path, int mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(order[bit]);
      }
    }
    view.setPermissions(permissions);
  }
}

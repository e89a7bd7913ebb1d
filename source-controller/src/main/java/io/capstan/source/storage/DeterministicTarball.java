package io.capstan.source.storage;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Packs a directory into a gzip-compressed tarball whose bytes depend only on the tree's paths,
 * contents and executable bits: the same tree always yields the same digest, whatever its mtimes,
 * owners or umask.
 *
 * <p>As Flux's {@code Storage.Archive}: only regular files and directories are archived (symlinks,
 * wherever they point, sockets, FIFOs and devices are skipped); entries appear parent first, each
 * directory's children sorted by the bytes of their UTF-8 names; modes are normalized to {@code
 * 0600} (files), {@code 0700} (files with any execute bit) and {@code 0750} (directories); mtimes
 * are the Unix epoch and owners are 0 with empty names. The gzip header has no mtime and no file
 * name. The digest is stable for a given JDK; a different zlib could in theory compress the same
 * tar differently.
 */
public final class DeterministicTarball {

  static final int FILE_MODE = 0600;
  static final int EXECUTABLE_MODE = 0700;
  static final int DIRECTORY_MODE = 0750;

  private static final Comparator<Path> BY_NAME_BYTES =
      (a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b));

  private DeterministicTarball() {}

  /** Writes the tarball of {@code dir} to {@code out}, leaving {@code out} open. */
  public static void write(Path dir, ArchiveFilter filter, OutputStream out) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a directory: " + dir);
    }
    OutputStream keepOpen =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    try (GZIPOutputStream gzip = new GZIPOutputStream(keepOpen, 64 * 1024);
        BufferedOutputStream buffered = new BufferedOutputStream(gzip, 64 * 1024)) {
      TarStreamWriter tar = new TarStreamWriter(buffered);
      walk(dir, "", filter, tar);
      tar.finish();
    }
  }

  private static void walk(Path dir, String prefix, ArchiveFilter filter, TarStreamWriter tar)
      throws IOException {
    List<Path> children;
    try (Stream<Path> listing = Files.list(dir)) {
      children = listing.sorted(BY_NAME_BYTES).toList();
    }
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    for (Path child : children) {
      String relative = prefix + child.getFileName();
      BasicFileAttributes attrs =
          posix
              ? Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              : Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isDirectory() && !attrs.isRegularFile()) {
        continue; // symlinks and special files never enter an artifact
      }
      if (filter.excludes(relative, attrs.isDirectory())) {
        continue;
      }
      if (attrs.isDirectory()) {
        tar.directory(relative, DIRECTORY_MODE);
        walk(child, relative + "/", filter, tar);
      } else {
        int mode = isExecutable(child, attrs) ? EXECUTABLE_MODE : FILE_MODE;
        try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
          tar.file(relative, mode, attrs.size(), in);
        }
      }
    }
  }

  private static boolean isExecutable(Path file, BasicFileAttributes attrs) {
    if (attrs instanceof PosixFileAttributes posix) {
      Set<PosixFilePermission> p = posix.permissions();
      return p.contains(PosixFilePermission.OWNER_EXECUTE)
          || p.contains(PosixFilePermission.GROUP_EXECUTE)
          || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    }
    return Files.isExecutable(file);
  }

  private static byte[] nameBytes(Path p) {
    return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
  }
}

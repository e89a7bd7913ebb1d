package io.capstan.source.storage;

import io.capstan.runtime.artifact.ArtifactDigest;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/**
 * Replaces a file all at once: content goes to a hidden temporary file in the same directory, which
 * is fsynced and then renamed over the target. Readers see the old file or the new one, never a
 * partial one; a crash leaves at most a stray {@code .<name>.*.tmp} file.
 */
final class AtomicFile {

  /** Produces the content; must not close the stream it is given. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** The digest ({@code sha256}) and size of what was written. */
  record Written(ArtifactDigest digest, long size) {}

  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFile() {}

  /** Atomically writes {@code content} to {@code target} with mode {@code 0600}. */
  static Written write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
    boolean moved = false;
    try {
      MessageDigest md = ArtifactDigest.newMessageDigest(ArtifactDigest.CANONICAL_ALGORITHM);
      long size;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        Counting counting =
            new Counting(
                new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024), md);
        content.writeTo(counting);
        counting.flush();
        size = counting.count;
        channel.force(true);
      }
      setOwnerOnly(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      syncDirectory(dir);
      return new Written(ArtifactDigest.fromDigest(ArtifactDigest.CANONICAL_ALGORITHM, md), size);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** True for the temporary files this class creates (and abandons if the process dies). */
  static boolean isTemporary(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  /** Makes the rename durable; best effort, as not every platform can fsync a directory. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // durability of the rename is then up to the file system
    }
  }

  /** Hashes and counts bytes on their way to the file. */
  private static final class Counting extends FilterOutputStream {
    private final MessageDigest md;
    private long count;

    Counting(OutputStream out, MessageDigest md) {
      super(out);
      this.md = md;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      md.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      md.update(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      flush(); // the channel is closed by its owner
    }
  }
}

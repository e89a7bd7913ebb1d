package io.capstan.testing.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory that fills up: a tmpfs of a fixed size mounted at a new directory, so a controller's
 * artifact storage runs out of space ({@code ENOSPC}) like a full disk. Mounting needs root; on any
 * other account, or where mounting is not allowed, {@link #mount} aborts the calling test with a
 * message (a JUnit assumption), so the test is reported as skipped, never as passed.
 *
 * <pre>{@code
 * try (SizeLimitedDirectory storage = SizeLimitedDirectory.mount(tmp.resolve("storage"), 2 << 20)) {
 *   ... start source-controller with --storage-path=storage.path() ...
 *   storage.fill();   // no space left
 *   storage.free();   // space again
 * }
 * }</pre>
 */
public final class SizeLimitedDirectory implements AutoCloseable {

  private static final String FILLER = ".capstan-filler";

  private final Path path;
  private final long sizeBytes;
  private final Thread unmountAtExit;

  private SizeLimitedDirectory(Path path, long sizeBytes) {
    this.path = path;
    this.sizeBytes = sizeBytes;
    // A test JVM that ends without close() (SIGTERM, System.exit) must not leave a mount behind.
    this.unmountAtExit = new Thread(() -> run(List.of("umount", "-l", path.toString())));
    Runtime.getRuntime().addShutdownHook(unmountAtExit);
  }

  /** True if this process may mount a tmpfs (it runs as root). */
  public static boolean supported() {
    return "root".equals(System.getProperty("user.name")) || uid() == 0;
  }

  /**
   * Creates {@code dir} and mounts a tmpfs of {@code sizeBytes} on it.
   *
   * @throws org.opentest4j.TestAbortedException if not root or the mount is refused
   */
  public static SizeLimitedDirectory mount(Path dir, long sizeBytes) {
    Assumptions.assumeTrue(
        supported(), "a size-limited directory needs root to mount a tmpfs; skipped");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path absolute = dir.toAbsolutePath();
    String output =
        run(
            List.of(
                "mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "tmpfs", absolute.toString()));
    Assumptions.assumeTrue(
        output == null, () -> "mounting a tmpfs was refused (" + output + "); skipped");
    return new SizeLimitedDirectory(absolute, sizeBytes);
  }

  /** The mount point. */
  public Path path() {
    return path;
  }

  /** The size limit given to {@link #mount}. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** Bytes still free on the mount. */
  public long freeBytes() {
    try {
      FileStore store = Files.getFileStore(path);
      return store.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes all remaining space with a filler file, leaving at most {@code leaveBytes} free; the next
   * write bigger than that fails with "No space left on device".
   */
  public void fill(long leaveBytes) {
    Path filler = path.resolve(FILLER);
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(filler)) {
      while (freeBytes() > leaveBytes + block.length) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // the disk is full: that is the point
    }
  }

  /**
   * Takes all remaining space, to the last page: after {@link #fill(long)} with 0, bytes are
   * appended one at a time until the file system refuses, so that even a write of a few bytes into
   * a new file fails with "No space left on device".
   */
  public void fill() {
    fill(0);
    byte[] one = new byte[1];
    try (var out =
        Files.newOutputStream(path.resolve(FILLER), java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < (1 << 20); i++) {
        out.write(one);
        out.flush();
      }
    } catch (IOException full) {
      // the last page is taken: that is the point
    }
  }

  /** Removes the filler written by {@link #fill}. */
  public void free() {
    try {
      Files.deleteIfExists(path.resolve(FILLER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unmounts the tmpfs (its content is gone) and removes the mount point. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(unmountAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook unmounts
    }
    String output = run(List.of("umount", "-l", path.toString()));
    if (output != null) {
      throw new IllegalStateException("Could not unmount " + path + ": " + output);
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a non-empty mount point only stays behind in a temporary directory
    }
  }

  /** Runs a command; null on success, else its output. */
  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
      return process.exitValue() == 0 ? null : output.strip();
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static long uid() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return ((Number) uid).longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }
}

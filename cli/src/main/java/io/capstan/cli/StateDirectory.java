package io.capstan.cli;

import io.capstan.runtime.artifact.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code run --local} keeps its files: the control plane's run directory ({@code kube/}), the
 * Git repository ({@code git/}), the artifacts ({@code artifacts/}) and the log ({@code
 * capstan.log}). {@link #close()} deletes all of them, and the directory itself when this run
 * created it (always the case without {@code --state-dir}).
 */
final class StateDirectory implements AutoCloseable {

  private static final List<String> ENTRIES =
      List.of(
          "kube",
          "git",
          "artifacts",
          // image-reflector's tags: a sibling of the artifacts
          // (ImageReflectorFlags.underSharedStorage)
          "artifacts-image-reflector",
          "registry",
          "capstan.log");

  private final Path root;
  private final boolean created;

  private StateDirectory(Path root, boolean created) {
    this.root = root;
    this.created = created;
  }

  /** Opens {@code dir} (created if missing), or a new temporary directory when null. */
  static StateDirectory open(Path dir) throws IOException {
    if (dir == null) {
      return new StateDirectory(Files.createTempDirectory("capstan-local-"), true);
    }
    Path absolute = dir.toAbsolutePath().normalize();
    boolean exists = Files.isDirectory(absolute);
    Files.createDirectories(absolute);
    for (String entry : ENTRIES) {
      if (Files.exists(absolute.resolve(entry))) {
        throw new IllegalStateException(
            absolute.resolve(entry)
                + " exists: another `capstan run --local` may be using "
                + absolute
                + " (or left it behind; delete it)");
      }
    }
    return new StateDirectory(absolute, !exists);
  }

  Path root() {
    return root;
  }

  /** Parent of the control plane's run directory. */
  Path kube() throws IOException {
    return Files.createDirectories(root.resolve("kube"));
  }

  /** The bare Git repository of the example application. */
  Path gitRepository() throws IOException {
    return Files.createDirectories(root.resolve("git")).resolve("webapp.git");
  }

  Path artifacts() {
    return root.resolve("artifacts");
  }

  /** The local registry's configuration, storage and log. */
  Path registry() throws IOException {
    return Files.createDirectories(root.resolve("registry"));
  }

  Path log() {
    return root.resolve("capstan.log");
  }

  private void deleteEntry(String entry) throws IOException {
    FileTree.deleteIfExists(root.resolve(entry));
    Files.deleteIfExists(root.resolve(entry));
  }

  /** Deletes what this run wrote (best effort, every entry is tried). */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (String entry : ENTRIES) {
      try {
        deleteEntry(entry);
      } catch (IOException first) {
        // a child process that has just been stopped may still be closing files: once more
        try {
          Thread.sleep(500);
          deleteEntry(entry);
        } catch (IOException e) {
          failure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = first;
        }
      }
    }
    if (created) {
      Files.deleteIfExists(root);
    }
    if (failure != null) {
      throw failure;
    }
  }
}

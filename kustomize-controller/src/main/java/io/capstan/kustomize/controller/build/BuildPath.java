package io.capstan.kustomize.controller.build;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves {@code spec.path} inside an extracted artifact, refusing paths that leave it. */
public final class BuildPath {

  private BuildPath() {}

  /**
   * The directory {@code path} (relative, {@code ./} allowed; empty means the root) under {@code
   * root}.
   *
   * @throws IllegalArgumentException if the path escapes the root or is not a directory
   */
  public static Path resolve(Path root, String path) {
    String relative = path == null ? "" : path.strip();
    while (relative.startsWith("/")) {
      relative = relative.substring(1);
    }
    Path normalizedRoot = root.toAbsolutePath().normalize();
    Path dir = normalizedRoot.resolve(relative).normalize();
    if (!dir.startsWith(normalizedRoot)) {
      throw new IllegalArgumentException("path '" + path + "' leaves the artifact");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("path '" + path + "' not found in the artifact");
    }
    return dir;
  }
}

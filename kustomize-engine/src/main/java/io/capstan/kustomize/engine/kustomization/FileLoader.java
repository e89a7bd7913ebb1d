package io.capstan.kustomize.engine.kustomization;

import io.capstan.kustomize.engine.KustomizeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads files for one kustomization root. With the root-only restriction no file outside the root
 * can be read; directories (bases, components) may be anywhere but a directory may not be entered
 * twice on one path (a cycle). Remote locations are refused.
 */
public final class FileLoader {
  private static final Pattern REMOTE =
      Pattern.compile(
          "^(https?://|git::|git@|ssh://|file://|github\\.com/|gitlab\\.com/|bitbucket\\.org/).*");

  private final Path root;
  private final boolean rootOnly;
  private final List<Path> ancestors;

  private FileLoader(Path root, boolean rootOnly, List<Path> ancestors) {
    this.root = root;
    this.rootOnly = rootOnly;
    this.ancestors = ancestors;
  }

  /** A loader rooted at an existing directory. */
  public static FileLoader at(Path dir, boolean rootOnly) {
    Path real = realDir(dir, dir.toString());
    return new FileLoader(real, rootOnly, List.of());
  }

  private static Path realDir(Path dir, String shown) {
    try {
      Path real = dir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new KustomizeException("'" + shown + "' must be a directory");
      }
      return real;
    } catch (IOException e) {
      throw new KustomizeException(
          "must build at directory: not a valid directory: '" + shown + "'");
    }
  }

  /** The root directory (real path). */
  public Path root() {
    return root;
  }

  /** True for locations that name remote content (URLs, git). */
  public static boolean isRemote(String location) {
    return REMOTE.matcher(location).matches();
  }

  /** Resolves a path relative to the root. */
  public Path resolve(String path) {
    return root.resolve(path).normalize();
  }

  /** Whether {@code path} names an existing directory relative to the root. */
  public boolean isDirectory(String path) {
    return Files.isDirectory(resolve(path));
  }

  /** Whether {@code path} names an existing regular file relative to the root. */
  public boolean isFile(String path) {
    return Files.isRegularFile(resolve(path));
  }

  /** Reads a file as UTF-8 text, enforcing the load restriction. */
  public String load(String path) {
    return new String(loadBytes(path), StandardCharsets.UTF_8);
  }

  /** Reads a file's bytes, enforcing the load restriction. */
  public byte[] loadBytes(String path) {
    if (isRemote(path)) {
      throw new KustomizeException(
          "remote resource '" + path + "' is not allowed: remote loading is disabled");
    }
    Path p = resolve(path);
    if (!Files.exists(p)) {
      throw new KustomizeException("file '" + p + "' does not exist");
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new KustomizeException("cannot read '" + p + "': " + e.getMessage());
    }
    if (Files.isDirectory(real)) {
      throw new KustomizeException("'" + p + "' is a directory, not a file");
    }
    if (rootOnly && !real.startsWith(root)) {
      throw new KustomizeException(
          "security; file '" + real + "' is not in or below '" + root + "'");
    }
    try {
      return Files.readAllBytes(real);
    } catch (IOException e) {
      throw new KustomizeException("cannot read '" + p + "': " + e.getMessage());
    }
  }

  /** A loader for a sub-directory (base or component), detecting cycles. */
  public FileLoader child(String path) {
    if (isRemote(path)) {
      throw new KustomizeException(
          "remote base '" + path + "' is not allowed: remote loading is disabled");
    }
    Path p = resolve(path);
    if (!Files.exists(p)) {
      throw new KustomizeException("must build at directory: not a valid directory: '" + p + "'");
    }
    Path real = realDir(p, p.toString());
    List<Path> visited = new ArrayList<>(ancestors);
    visited.add(root);
    for (Path a : visited) {
      if (a.startsWith(real)) {
        throw new KustomizeException(
            "cycle detected: candidate root '" + real + "' contains visited root '" + a + "'");
      }
    }
    List<Path> anc = new ArrayList<>(ancestors);
    anc.add(root);
    return new FileLoader(real, rootOnly, anc);
  }
}

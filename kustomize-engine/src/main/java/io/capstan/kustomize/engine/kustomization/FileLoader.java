package io.capstan.kustomize.engine.kustomization;

import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.remote.RemoteFetcher;
import io.capstan.kustomize.engine.remote.RemoteLoading;
import io.capstan.kustomize.engine.remote.RepoSpec;
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
 * twice on one path (a cycle). Remote locations go through the build's {@link RemoteFetcher}:
 * HTTP(S) files are read without the root restriction (as kustomize), Git repositories are cloned
 * and loaded root-only, and bases found in a clone must stay inside it.
 */
public final class FileLoader {
  private static final Pattern REMOTE =
      Pattern.compile(
          "^(https?://|git::|git@|ssh://|file://|github\\.com/|gitlab\\.com/|bitbucket\\.org/).*");

  private final Path root;
  private final boolean rootOnly;
  private final List<Path> ancestors;
  private final RemoteFetcher remote;
  private final Path cloneDir; // the clone this root lies in, or null
  private final List<String> repos; // raw locations of the repositories on the path here

  private FileLoader(
      Path root,
      boolean rootOnly,
      List<Path> ancestors,
      RemoteFetcher remote,
      Path cloneDir,
      List<String> repos) {
    this.root = root;
    this.rootOnly = rootOnly;
    this.ancestors = ancestors;
    this.remote = remote;
    this.cloneDir = cloneDir;
    this.repos = repos;
  }

  /** A loader rooted at an existing directory, refusing every remote location. */
  public static FileLoader at(Path dir, boolean rootOnly) {
    return at(dir, rootOnly, new RemoteFetcher(RemoteLoading.disabled()));
  }

  /** A loader rooted at an existing directory, fetching remote content through {@code remote}. */
  public static FileLoader at(Path dir, boolean rootOnly, RemoteFetcher remote) {
    Path real = realDir(dir, dir.toString());
    return new FileLoader(real, rootOnly, List.of(), remote, null, List.of());
  }

  /** A loader rooted in a clone of {@code spec} (the top of a build given as a Git URL). */
  public static FileLoader atRepository(RepoSpec spec, RemoteFetcher remote) {
    return new FileLoader(Path.of("/"), true, List.of(), remote, null, List.of())
        .cloned(spec, List.of());
  }

  /** The build's remote fetcher. */
  RemoteFetcher remote() {
    return remote;
  }

  /** Whether this loader may clone {@code path} as a Git repository (and it parses as one). */
  boolean isRepository(String path) {
    return remote.options().gitRepositories() && RepoSpec.parse(path).isPresent();
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
    if (RemoteFetcher.isHttpUrl(path) && remote.options().httpFiles()) {
      return remote.file(path);
    }
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
    if (remote.options().gitRepositories()) {
      var spec = RepoSpec.parse(path);
      if (spec.isPresent()) {
        List<Path> anc = new ArrayList<>(ancestors);
        anc.add(root);
        return cloned(spec.get(), anc);
      }
    }
    if (isRemote(path)) {
      throw refusal(path);
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
    if (cloneDir != null && !real.startsWith(cloneDir)) {
      throw new KustomizeException(
          "security; bases in kustomizations found in cloned git repos must be within the repo,"
              + " but base '"
              + real
              + "' is outside '"
              + cloneDir
              + "'");
    }
    List<Path> anc = new ArrayList<>(ancestors);
    anc.add(root);
    return new FileLoader(real, rootOnly, anc, remote, cloneDir, repos);
  }

  /** The error for a remote location this build may not fetch. */
  KustomizeException refusal(String path) {
    RemoteLoading options = remote.options();
    if (options.httpFiles() && !options.gitRepositories()) {
      // Flux's --no-remote-bases: its secure file system refuses the clone outside the root.
      return new KustomizeException(
          "fs-security-constraint: remote base '"
              + path
              + "' is not in or below the kustomization root: remote bases are disabled"
              + " (no-remote-bases)");
    }
    return new KustomizeException(
        "remote resource '" + path + "' is not allowed: remote loading is disabled");
  }

  private FileLoader cloned(RepoSpec spec, List<Path> anc) {
    for (String previous : repos) {
      if (previous.startsWith(spec.raw())) {
        throw new KustomizeException(
            "cycle detected: URI '"
                + spec.raw()
                + "' referenced by previous URI '"
                + previous
                + "'");
      }
    }
    Path clone = remote.clone(spec);
    Path target = clone.resolve(spec.kustRootPath()).normalize();
    if (!Files.exists(target)) {
      throw new KustomizeException(
          "must build at directory: not a valid directory: '"
              + target
              + "' (path '"
              + spec.kustRootPath()
              + "' in "
              + spec.cloneUrl()
              + ")");
    }
    Path real;
    try {
      real = target.toRealPath();
    } catch (IOException e) {
      throw new KustomizeException("cannot read '" + target + "': " + e.getMessage());
    }
    if (!Files.isDirectory(real)) {
      throw new KustomizeException("'" + target + "' refers to a file; expecting directory");
    }
    if (!real.startsWith(clone)) {
      throw new KustomizeException(
          "'" + target + "' refers to directory outside of repo '" + clone + "'");
    }
    List<String> chain = new ArrayList<>(repos);
    chain.add(spec.raw());
    // Clones are never allowed to escape their root, whatever the build's restriction.
    return new FileLoader(real, true, anc, remote, clone, chain);
  }
}

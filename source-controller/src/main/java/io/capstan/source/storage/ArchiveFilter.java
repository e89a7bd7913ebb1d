package io.capstan.source.storage;

/**
 * Decides which paths of a directory go into an artifact, e.g. to apply {@code .sourceignore} and
 * {@code spec.ignore} rules.
 */
@FunctionalInterface
public interface ArchiveFilter {

  /** Includes everything (symlinks and special files are always left out regardless). */
  ArchiveFilter NONE = (path, directory) -> false;

  /**
   * True to leave {@code relativePath} out of the archive. Paths are relative to the archived
   * directory and '/'-separated, without leading or trailing slash. Excluding a directory leaves
   * out its whole subtree (as in git, a file under an excluded directory cannot be re-included).
   */
  boolean excludes(String relativePath, boolean directory);
}

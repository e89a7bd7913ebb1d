package io.capstan.helm.release;

import java.util.List;
import java.util.Optional;

/**
 * Release history of one storage namespace, with Helm's {@code storage.Storage} semantics. All
 * methods throw {@link StorageException} when the backend fails.
 */
public interface ReleaseStorage {
  /** Revision {@code version} of release {@code name}. */
  Optional<Release> get(String name, int version);

  /** Every revision of {@code name}, sorted by version (oldest first); empty if none. */
  List<Release> history(String name);

  /** The highest revision of {@code name} (Helm's {@code Last}). */
  Optional<Release> last(String name);

  /** The latest revision with status {@code deployed} (Helm's {@code Deployed}). */
  Optional<Release> deployed(String name);

  /** Stores a new revision; fails with {@link StorageException} if it already exists. */
  void create(Release r);

  /** Replaces a stored revision; fails with {@link StorageException} if it does not exist. */
  void update(Release r);

  /** Deletes a revision, returning what was stored. */
  Optional<Release> delete(String name, int version);

  /**
   * Keeps at most {@code maxHistory} revisions of {@code name}, deleting the oldest ones but never
   * the last deployed one (Helm's {@code removeLeastRecent}); {@code maxHistory <= 0} keeps all.
   */
  void pruneHistory(String name, int maxHistory);
}

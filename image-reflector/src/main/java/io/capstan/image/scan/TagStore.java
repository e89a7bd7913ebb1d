package io.capstan.image.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scanned tags of every ImageRepository, one JSON file per object under the storage path
 * ({@code <namespace>/<name>.json}: canonical name, revision, tags). A restarted controller reads
 * the file instead of rescanning, so ImagePolicies evaluate at once. Why files and not an embedded
 * database: a repository's tags are read and replaced as a whole, once per scan interval, so a
 * key-value store adds a dependency and a compaction story for nothing; a file per object is
 * inspectable, deleted with the object, and {@link #write} replaces it atomically (temporary file +
 * rename in the same directory) so a crash leaves the old or the new tag set, never half of one.
 */
public final class TagStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DNS_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");

  private final Path root;

  /** A store rooted at {@code root} (created on first write). */
  public TagStore(Path root) {
    this.root = root;
  }

  /** What a file holds. */
  public record Entry(String canonicalImageName, String revision, List<String> tags) {}

  /** Replaces the tags of an object atomically. */
  public void write(String namespace, String name, TagScan scan) throws IOException {
    Path file = file(namespace, name);
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "." + name, ".tmp");
    try {
      JSON.writeValue(
          tmp.toFile(), new Entry(scan.canonicalImageName(), scan.revision(), scan.tags()));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The stored scan of an object, if any. */
  public Optional<TagScan> read(String namespace, String name) throws IOException {
    try {
      Entry e = JSON.readValue(file(namespace, name).toFile(), Entry.class);
      return Optional.of(new TagScan(e.canonicalImageName(), List.copyOf(e.tags()), e.revision()));
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Forgets an object's tags (on deletion). */
  public void delete(String namespace, String name) throws IOException {
    Files.deleteIfExists(file(namespace, name));
  }

  private Path file(String namespace, String name) {
    if (!DNS_NAME.matcher(namespace).matches() || !DNS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Kubernetes object name: " + namespace + "/" + name);
    }
    return root.resolve(namespace).resolve(name + ".json");
  }
}

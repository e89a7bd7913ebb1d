package io.capstan.source.storage;

import java.util.Locale;
import java.util.Objects;

/**
 * The object an artifact belongs to: its kind, namespace and name. Its artifacts live under {@code
 * <kind lower-cased>/<namespace>/<name>/} in the storage, as in Flux.
 */
public record ArtifactOwner(String kind, String namespace, String name) {

  /** Rejects parts that could not be a Kubernetes kind, namespace or name (or could escape). */
  public ArtifactOwner {
    requireSegment(kind, "kind");
    requireSegment(namespace, "namespace");
    requireSegment(name, "name");
  }

  /** The owner's directory relative to the storage root: {@code gitrepository/ns/name}. */
  public String directory() {
    return kind.toLowerCase(Locale.ROOT) + "/" + namespace + "/" + name;
  }

  /** The path of one artifact file of this owner: {@code gitrepository/ns/name/<file>}. */
  public String artifactPath(String fileName) {
    requireSegment(fileName, "file name");
    if (fileName.startsWith(".")) {
      throw new IllegalArgumentException("artifact file name must not start with '.'");
    }
    return directory() + "/" + fileName;
  }

  static void requireSegment(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()
        || value.equals(".")
        || value.equals("..")
        || value.indexOf('/') >= 0
        || value.indexOf('\\') >= 0
        || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
    }
  }
}

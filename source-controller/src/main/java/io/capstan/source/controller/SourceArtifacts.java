package io.capstan.source.controller;

import io.capstan.api.meta.Artifact;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The artifacts of the sources a kind watches, as its watch caches hold them, for toolkit-runtime's
 * {@code FluxReconcilerBuilder.skipUnchanged}: a controller's {@code prepareEventSources}
 * {@linkplain #follow follows} each watch's cache, and the kind's {@code ReconcileInputs} read the
 * artifact of the sources an object refers to from here (no API request).
 */
final class SourceArtifacts {

  /** The state of a source with no entry in the cache. */
  static final String ABSENT = "absent";

  /** The state of a source without an artifact. */
  static final String NO_ARTIFACT = "no artifact";

  private final Map<String, Function<ResourceID, Optional<Optional<Artifact>>>> lookups =
      new ConcurrentHashMap<>();

  /**
   * Reads sources of {@code kind} through {@code cache}: for an object's name and namespace, empty
   * when the cache has no such object, else its artifact (empty when it has none).
   */
  void follow(String kind, Function<ResourceID, Optional<Optional<Artifact>>> cache) {
    lookups.put(kind, cache);
  }

  /**
   * The state of the source of {@code kind} named {@code name} in {@code namespace} as a value:
   * {@link #ABSENT}, {@link #NO_ARTIFACT} or its artifact's revision, digest, URL and path; empty
   * when no watch of {@code kind} is followed (yet), so the object always reconciles.
   */
  Optional<String> state(String kind, String namespace, String name) {
    Function<ResourceID, Optional<Optional<Artifact>>> cache = lookups.get(kind);
    if (cache == null) {
      return Optional.empty();
    }
    return Optional.of(
        cache
            .apply(new ResourceID(name, namespace))
            .map(artifact -> artifact.map(SourceArtifacts::key).orElse(NO_ARTIFACT))
            .orElse(ABSENT));
  }

  /** What of an artifact a consumer reads: revision, digest, URL and path. */
  static String key(Artifact artifact) {
    return artifact.getRevision()
        + "@"
        + artifact.getDigest()
        + " "
        + artifact.getUrl()
        + " "
        + artifact.getPath();
  }
}

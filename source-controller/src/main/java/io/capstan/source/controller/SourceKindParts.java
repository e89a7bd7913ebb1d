package io.capstan.source.controller;

import io.capstan.api.source.v1.ArtifactSourceStatus;
import io.capstan.source.storage.ArtifactOwner;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What every source kind's reconciler holds and does the same way: the API client, the artifact
 * storage, Secret access and the work root, plus the artifact owner and event metadata rules. Each
 * kind's reconciler keeps one of these and adds its own settings.
 *
 * <p>The work root is the JVM's temporary directory ({@code java.io.tmpdir}, {@code $TMPDIR} in the
 * image), as Flux's {@code os.MkdirTemp("", ...)}: clones, pulls and downloads never land on the
 * artifact storage, so a full storage fails the archive step ({@code StorageOperationFailed}) and
 * not the fetch, exactly as in Flux.
 */
final class SourceKindParts {

  private final KubernetesClient client;
  private final ArtifactStorage storage;
  private final Secrets secrets;
  private final Path workRoot;

  /**
   * Parts reading through {@code client} and storing into {@code storage}; {@code workWhat} names
   * the work directory in the error raised when it cannot be created ("checkout", "download"...).
   */
  SourceKindParts(KubernetesClient client, ArtifactStorage storage, String workWhat) {
    this.client = Objects.requireNonNull(client, "client");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.secrets = new Secrets(client);
    try {
      this.workRoot = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the " + workWhat + " directory: " + e, e);
    }
  }

  KubernetesClient client() {
    return client;
  }

  ArtifactStorage storage() {
    return storage;
  }

  Secrets secrets() {
    return secrets;
  }

  Path workRoot() {
    return workRoot;
  }

  /** The storage owner of an object's artifacts: {@code <kind>/<ns>/<name>}. */
  static ArtifactOwner owner(String kind, HasMetadata object) {
    return new ArtifactOwner(
        kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** Event metadata: the revision of the stored artifact, when there is one. */
  static Map<String, String> eventMetadata(ArtifactSourceStatus status) {
    if (status == null || status.getArtifact() == null) {
      return Map.of();
    }
    return Map.of("revision", status.getArtifact().getRevision());
  }
}

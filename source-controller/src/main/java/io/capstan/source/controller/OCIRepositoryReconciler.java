package io.capstan.source.controller;

import io.capstan.api.source.v1.OCIRepository;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.source.storage.ArtifactOwner;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OCIRepository kind for the runtime's {@code FluxReconciler}: Flux's condition table and three
 * named steps, {@code reconcileStorage}, {@code reconcileSource} and {@code reconcileArtifact} (see
 * {@link OCIRepositoryRun}); on deletion every artifact of the object is removed from storage.
 */
public final class OCIRepositoryReconciler implements KindReconciler<OCIRepository> {

  /** Default bound on a layer's compressed and extracted size: Flux's 100 MiB untar limit. */
  public static final long DEFAULT_MAX_LAYER_BYTES = 100L << 20;

  private static final int MAX_CACHED_CLIENTS = 256;

  private final KubernetesClient client;
  private final ArtifactStorage storage;
  private final Secrets secrets;
  private final Path workRoot;
  private final long maxLayerBytes;

  /** Registry clients by configuration fingerprint: keeps connections and bearer tokens warm. */
  private final Map<String, OciClient> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OciClient> eldest) {
          return size() > MAX_CACHED_CLIENTS;
        }
      };

  /**
   * A reconciler reading Secrets and ServiceAccounts through {@code client}, storing artifacts in
   * {@code storage}, and refusing layers larger than {@code maxLayerBytes} (compressed or
   * extracted).
   */
  public OCIRepositoryReconciler(
      KubernetesClient client, ArtifactStorage storage, long maxLayerBytes) {
    this.client = Objects.requireNonNull(client, "client");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.secrets = new Secrets(client);
    if (maxLayerBytes <= 0) {
      throw new IllegalArgumentException("maxLayerBytes must be positive");
    }
    this.maxLayerBytes = maxLayerBytes;
    try {
      this.workRoot = Files.createDirectories(storage.root().resolve(".work"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the work directory: " + e, e);
    }
  }

  @Override
  public ConditionTable conditions() {
    return OCIRepositoryConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<OCIRepository>>> steps() {
    return new OCIRepositoryRun(this).steps();
  }

  @Override
  public Duration interval(OCIRepository resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public void cleanup(OCIRepository resource) throws Exception {
    storage.removeAll(owner(resource));
  }

  @Override
  public Map<String, String> eventMetadata(OCIRepository resource) {
    if (resource.getStatus() == null || resource.getStatus().getArtifact() == null) {
      return Map.of();
    }
    return Map.of("revision", resource.getStatus().getArtifact().getRevision());
  }

  /** The storage owner of an OCIRepository's artifacts. */
  static ArtifactOwner owner(OCIRepository repo) {
    return new ArtifactOwner(
        OCIRepository.KIND, repo.getMetadata().getNamespace(), repo.getMetadata().getName());
  }

  /** A cached client for {@code fingerprint}, or a new one from {@code options}. */
  OciClient registryClient(String fingerprint, OciClientOptions options) {
    synchronized (clients) {
      return clients.computeIfAbsent(fingerprint, k -> new OciClient(options));
    }
  }

  ArtifactStorage storage() {
    return storage;
  }

  Secrets secrets() {
    return secrets;
  }

  KubernetesClient client() {
    return client;
  }

  Path workRoot() {
    return workRoot;
  }

  long maxLayerBytes() {
    return maxLayerBytes;
  }
}

package io.capstan.source.controller;

import io.capstan.api.source.v1.Bucket;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.source.storage.ArtifactOwner;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Bucket kind for the runtime's {@code FluxReconciler}: Flux's condition table and three named
 * steps, {@code reconcileStorage}, {@code reconcileSource} and {@code reconcileArtifact} (see
 * {@link BucketRun}); on deletion every artifact of the object is removed from storage.
 */
public final class BucketReconciler implements KindReconciler<Bucket> {

  /** Downloads at once per Bucket (Flux uses 100 goroutines; threads cost more here). */
  public static final int DEFAULT_PARALLELISM = 16;

  /** Largest object fetched, by default (Flux's default untar limit, 100 MiB). */
  public static final long DEFAULT_MAX_OBJECT_SIZE = 100L << 20;

  private final SourceKindParts parts;
  private final int parallelism;
  private final long maxObjectSize;

  /** A reconciler with the default parallelism and object size limit. */
  public BucketReconciler(KubernetesClient client, ArtifactStorage storage) {
    this(client, storage, DEFAULT_PARALLELISM, DEFAULT_MAX_OBJECT_SIZE);
  }

  /**
   * A reconciler reading Secrets through {@code client} and storing artifacts in {@code storage},
   * downloading {@code parallelism} objects at once and refusing objects over {@code maxObjectSize}
   * bytes.
   */
  public BucketReconciler(
      KubernetesClient client, ArtifactStorage storage, int parallelism, long maxObjectSize) {
    this.parts = new SourceKindParts(client, storage, "download");
    this.parallelism = parallelism;
    this.maxObjectSize = maxObjectSize;
  }

  @Override
  public ConditionTable conditions() {
    return BucketConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<Bucket>>> steps() {
    return new BucketRun(this).steps();
  }

  @Override
  public Duration interval(Bucket resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public void cleanup(Bucket resource) throws Exception {
    parts.storage().removeAll(owner(resource));
  }

  @Override
  public Map<String, String> eventMetadata(Bucket resource) {
    return SourceKindParts.eventMetadata(resource.getStatus());
  }

  /** The storage owner of a Bucket's artifacts: {@code bucket/<ns>/<name>}. */
  static ArtifactOwner owner(Bucket bucket) {
    return SourceKindParts.owner(Bucket.KIND, bucket);
  }

  SourceKindParts parts() {
    return parts;
  }

  int parallelism() {
    return parallelism;
  }

  long maxObjectSize() {
    return maxObjectSize;
  }
}

package io.capstan.source.controller;

import io.capstan.api.source.v1.HelmRepository;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.source.helm.HelmSettings;
import io.capstan.source.helm.IndexCache;
import io.capstan.source.storage.ArtifactOwner;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HelmRepository kind ({@code type: default}, an HTTP/S chart repository) for the runtime's
 * {@code FluxReconciler}: Flux's condition table and three named steps, {@code reconcileStorage},
 * {@code reconcileSource} and {@code reconcileArtifact} (see {@link HelmRepositoryRun}); on
 * deletion every artifact of the object is removed from storage. {@code type: oci} objects are
 * handled by {@link HelmRepositoryController} as Flux does (static objects).
 */
public final class HelmRepositoryReconciler implements KindReconciler<HelmRepository> {

  private final SourceKindParts parts;
  private final HelmSettings settings;
  private final IndexCache cache;
  private CacheEvents cacheEvents = new CacheEvents(null);

  /**
   * A reconciler reading Secrets through {@code client}, storing index artifacts in {@code
   * storage}, refusing indexes over {@code settings.indexMaxSize()}, and putting parsed indexes in
   * {@code cache} (keyed by artifact path) for HelmCharts.
   */
  public HelmRepositoryReconciler(
      KubernetesClient client, ArtifactStorage storage, HelmSettings settings, IndexCache cache) {
    this.parts = new SourceKindParts(client, storage, "download");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public ConditionTable conditions() {
    return HelmRepositoryConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<HelmRepository>>> steps() {
    return new HelmRepositoryRun(this).steps();
  }

  @Override
  public Duration interval(HelmRepository resource) {
    String interval = resource.getSpec().getInterval();
    // Flux's default for HelmRepository (the CRD has no default; v1 makes interval optional).
    return interval == null || interval.isBlank()
        ? Duration.ofMinutes(10)
        : GoDuration.parse(interval);
  }

  @Override
  public void cleanup(HelmRepository resource) throws Exception {
    removeArtifacts(resource);
    cacheEvents.delete(resource.getMetadata().getName(), resource.getMetadata().getNamespace());
  }

  /**
   * Where HelmChart records {@code gotk_cache_events_total}: the series of a deleted HelmRepository
   * are removed from {@code registry}, as Flux's {@code DeleteCacheEvent}.
   */
  public HelmRepositoryReconciler cacheEventsTo(MeterRegistry registry) {
    this.cacheEvents = new CacheEvents(registry);
    return this;
  }

  /** Removes every stored index of the object and forgets its cached indexes. */
  void removeArtifacts(HelmRepository resource) throws Exception {
    if (resource.getStatus() != null && resource.getStatus().getArtifact() != null) {
      cache.remove(resource.getStatus().getArtifact().getPath());
    }
    parts.storage().removeAll(owner(resource));
  }

  @Override
  public Map<String, String> eventMetadata(HelmRepository resource) {
    return SourceKindParts.eventMetadata(resource.getStatus());
  }

  /** The storage owner of a HelmRepository's artifacts: {@code helmrepository/<ns>/<name>}. */
  static ArtifactOwner owner(HelmRepository repo) {
    return SourceKindParts.owner(HelmRepository.KIND, repo);
  }

  SourceKindParts parts() {
    return parts;
  }

  HelmSettings settings() {
    return settings;
  }

  IndexCache cache() {
    return cache;
  }
}

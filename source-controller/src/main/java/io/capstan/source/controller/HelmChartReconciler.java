package io.capstan.source.controller;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.Step;
import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.source.helm.ChartRepositoryIndex;
import io.capstan.source.helm.IndexCache;
import io.capstan.source.helmchart.ChartLimits;
import io.capstan.source.storage.ArtifactOwner;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HelmChart kind for the runtime's {@code FluxReconciler}: Flux's condition table and three
 * named steps, {@code reconcileStorage}, {@code reconcileSource} (build the chart from the source)
 * and {@code reconcileArtifact} (see {@link HelmChartRun}); on deletion every artifact of the
 * object is removed from storage.
 */
public final class HelmChartReconciler implements KindReconciler<HelmChart> {

  private static final int MAX_CACHED_CLIENTS = 256;
  private static final int MAX_RECENT_INDEXES = 4;

  private final SourceKindParts parts;
  private final ChartLimits limits;
  private final Duration requeueDependency;
  private final IndexCache indexCache;
  private CacheEvents cacheEvents = new CacheEvents(null);
  private final Object parseLock = new Object();
  private final Map<String, SoftReference<ChartRepositoryIndex>> recentIndexes =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(
            Map.Entry<String, SoftReference<ChartRepositoryIndex>> eldest) {
          return size() > MAX_RECENT_INDEXES;
        }
      };

  private final Map<String, OciClient> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OciClient> eldest) {
          return size() > MAX_CACHED_CLIENTS;
        }
      };

  /**
   * A reconciler reading sources and Secrets through {@code client}, storing charts in {@code
   * storage}, with chart size {@code limits}; a source without artifact is retried after {@code
   * requeueDependency}.
   */
  public HelmChartReconciler(
      KubernetesClient client,
      ArtifactStorage storage,
      ChartLimits limits,
      Duration requeueDependency) {
    this(client, storage, limits, requeueDependency, IndexCache.disabled());
  }

  /** As above, reading HelmRepository indexes through {@code indexCache}. */
  public HelmChartReconciler(
      KubernetesClient client,
      ArtifactStorage storage,
      ChartLimits limits,
      Duration requeueDependency,
      IndexCache indexCache) {
    this.indexCache = Objects.requireNonNull(indexCache, "indexCache");
    this.parts = new SourceKindParts(client, storage, "chart build");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.requeueDependency = Objects.requireNonNull(requeueDependency, "requeueDependency");
  }

  /**
   * Records Flux's {@code gotk_cache_events_total} (index cache hits and misses per HelmRepository)
   * into {@code registry}.
   */
  public HelmChartReconciler cacheEventsTo(MeterRegistry registry) {
    this.cacheEvents = new CacheEvents(registry);
    return this;
  }

  @Override
  public ConditionTable conditions() {
    return HelmChartConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<HelmChart>>> steps() {
    return new HelmChartRun(this).steps();
  }

  @Override
  public Duration interval(HelmChart resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public void cleanup(HelmChart resource) throws Exception {
    parts.storage().removeAll(owner(resource));
  }

  @Override
  public Map<String, String> eventMetadata(HelmChart resource) {
    return SourceKindParts.eventMetadata(resource.getStatus());
  }

  /** The storage owner of a HelmChart's artifacts: {@code helmchart/<ns>/<name>}. */
  static ArtifactOwner owner(HelmChart chart) {
    return SourceKindParts.owner(HelmChart.KIND, chart);
  }

  private final Map<String, ChartRepositoryClient> chartClients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChartRepositoryClient> eldest) {
          return size() > MAX_CACHED_CLIENTS;
        }
      };

  /** A cached chart repository client for {@code fingerprint}, or a new one. */
  ChartRepositoryClient chartRepositoryClient(
      String fingerprint, Supplier<ChartRepositoryClient> create) {
    synchronized (chartClients) {
      ChartRepositoryClient c = chartClients.get(fingerprint);
      if (c == null) {
        c = create.get();
        chartClients.put(fingerprint, c);
      }
      return c;
    }
  }

  /**
   * The parsed index of a HelmRepository artifact: from the cache (Flux's {@code --helm-cache-*}),
   * else from the few most recently parsed indexes (softly held: an index file's path names its
   * digest, so an entry never goes stale), else read from storage once even when many charts ask at
   * the same time.
   */
  ChartRepositoryIndex index(String repoName, String repoNamespace, Artifact artifact)
      throws ChartRepositoryException, IOException {
    String key = artifact.getPath();
    ChartRepositoryIndex index = indexCache.get(key);
    if (indexCache.enabled()) {
      cacheEvents.inc(index != null ? CacheEvents.HIT : CacheEvents.MISS, repoName, repoNamespace);
    }
    if (index == null) {
      index = recentIndex(key);
    }
    if (index != null) {
      return index;
    }
    synchronized (parseLock) {
      index = recentIndex(key);
      if (index == null) {
        index =
            ChartRepositoryIndex.load(
                parts.storage().localPath(artifact), ChartRepositoryClient.DEFAULT_INDEX_MAX_SIZE);
        synchronized (recentIndexes) {
          recentIndexes.put(key, new SoftReference<>(index));
        }
      }
      indexCache.put(key, index);
      return index;
    }
  }

  private ChartRepositoryIndex recentIndex(String key) {
    synchronized (recentIndexes) {
      SoftReference<ChartRepositoryIndex> ref = recentIndexes.get(key);
      return ref == null ? null : ref.get();
    }
  }

  /** A cached registry client for {@code fingerprint}, or a new one from {@code options}. */
  OciClient registryClient(String fingerprint, OciClientOptions options) {
    synchronized (clients) {
      return clients.computeIfAbsent(fingerprint, k -> new OciClient(options));
    }
  }

  SourceKindParts parts() {
    return parts;
  }

  ChartLimits limits() {
    return limits;
  }

  Duration requeueDependency() {
    return requeueDependency;
  }
}

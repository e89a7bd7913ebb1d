package io.capstan.source.helm;

import java.time.Duration;
import java.util.Objects;

/**
 * source-controller's Helm flags, named and defaulted as Flux's.
 *
 * @param indexMaxSize {@code --helm-index-max-size}: largest {@code index.yaml} accepted (50 MiB)
 * @param chartMaxSize {@code --helm-chart-max-size}: largest chart archive downloaded (10 MiB)
 * @param chartFileMaxSize {@code --helm-chart-file-max-size}: largest file in a chart (5 MiB)
 * @param cacheMaxSize {@code --helm-cache-max-size}: parsed indexes kept in memory (0: no cache)
 * @param cacheTtl {@code --helm-cache-ttl}: how long an unused cached index is kept (15m)
 * @param cachePurgeInterval {@code --helm-cache-purge-interval}: how often expired indexes are
 *     removed (1m)
 */
public record HelmSettings(
    long indexMaxSize,
    long chartMaxSize,
    long chartFileMaxSize,
    int cacheMaxSize,
    Duration cacheTtl,
    Duration cachePurgeInterval) {

  /** Flux's defaults. */
  public static final HelmSettings DEFAULTS =
      new HelmSettings(
          ChartRepositoryClient.DEFAULT_INDEX_MAX_SIZE,
          ChartRepositoryClient.DEFAULT_CHART_MAX_SIZE,
          5L * 1024 * 1024,
          0,
          Duration.ofMinutes(15),
          Duration.ofMinutes(1));

  /** Validates the values a flag parser cannot. */
  public HelmSettings {
    if (indexMaxSize < 1 || chartMaxSize < 1 || chartFileMaxSize < 1) {
      throw new IllegalArgumentException(
          "--helm-index-max-size, --helm-chart-max-size and --helm-chart-file-max-size must be"
              + " positive");
    }
    if (cacheMaxSize < 0) {
      throw new IllegalArgumentException("--helm-cache-max-size must not be negative");
    }
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(cachePurgeInterval, "cachePurgeInterval");
  }

  /** A new index cache sized and timed by these settings (disabled when the size is 0). */
  public IndexCache newIndexCache() {
    return new IndexCache(cacheMaxSize, cacheTtl, cachePurgeInterval);
  }
}

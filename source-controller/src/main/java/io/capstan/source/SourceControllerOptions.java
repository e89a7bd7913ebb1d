package io.capstan.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * source-controller's own settings from {@link Main}'s flags, named and defaulted as Flux's (the
 * shared process flags live in {@link io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: reconciles at once
 * @param storagePath {@code --storage-path}
 * @param storageAddress {@code --storage-addr}: artifact server bind address
 * @param storageAdvertisedAddress {@code --storage-adv-addr}: host in artifact URLs
 * @param retentionTtl {@code --artifact-retention-ttl}
 * @param retentionRecords {@code --artifact-retention-records}
 * @param requeueDependency {@code --requeue-dependency}
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param helmChartMaxSize {@code --helm-chart-max-size}: largest chart archive, bytes
 * @param helmChartFileMaxSize {@code --helm-chart-file-max-size}: largest file in a chart, bytes
 */
public record SourceControllerOptions(
    int concurrent,
    Path storagePath,
    String storageAddress,
    String storageAdvertisedAddress,
    Duration retentionTtl,
    int retentionRecords,
    Duration requeueDependency,
    Set<String> watchNamespaces,
    long helmChartMaxSize,
    long helmChartFileMaxSize) {

  /** Validates the values a flag parser cannot. */
  public SourceControllerOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    if (retentionRecords < 1) {
      throw new IllegalArgumentException("--artifact-retention-records must be at least 1");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (helmChartMaxSize < 1 || helmChartFileMaxSize < 1) {
      throw new IllegalArgumentException(
          "--helm-chart-max-size and --helm-chart-file-max-size must be positive");
    }
  }

  /** A controller configured by these options (not started). */
  SourceController.Builder toBuilder() {
    return SourceController.builder()
        .storagePath(storagePath)
        .storageAddress(storageAddress)
        .storageAdvertisedAddress(storageAdvertisedAddress)
        .concurrency(concurrent)
        .retentionTtl(retentionTtl)
        .retentionRecords(retentionRecords)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces)
        .helmChartMaxSize(helmChartMaxSize)
        .helmChartFileMaxSize(helmChartFileMaxSize);
  }
}

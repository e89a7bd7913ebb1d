package io.capstan.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The flags of {@link Main}, named and defaulted as Flux's source-controller flags.
 *
 * @param concurrent {@code --concurrent}: reconciles at once
 * @param storagePath {@code --storage-path}
 * @param storageAddress {@code --storage-addr}: artifact server bind address
 * @param storageAdvertisedAddress {@code --storage-adv-addr}: host in artifact URLs
 * @param retentionTtl {@code --artifact-retention-ttl}
 * @param retentionRecords {@code --artifact-retention-records}
 * @param requeueDependency {@code --requeue-dependency}
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param metricsAddress {@code --metrics-addr}: Prometheus {@code /metrics}
 * @param healthAddress {@code --health-addr}: {@code /healthz} and {@code /readyz}
 * @param logLevel {@code --log-level}: debug, info or error
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
    String metricsAddress,
    String healthAddress,
    String logLevel) {

  /** Validates the values a flag parser cannot. */
  public SourceControllerOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    if (retentionRecords < 1) {
      throw new IllegalArgumentException("--artifact-retention-records must be at least 1");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
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
        .watchNamespaces(watchNamespaces);
  }
}

package io.capstan.source;

import io.capstan.runtime.process.ControllerOptionsBuilder;
import io.capstan.source.helm.HelmSettings;
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
 * @param helm the {@code --helm-*} flags (size limits, index cache)
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
    HelmSettings helm) {

  /** Flux's source-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 2;

  /** Flux's default for {@code --storage-path}. */
  public static final Path DEFAULT_STORAGE_PATH = Path.of("/data");

  /** Flux's default for {@code --storage-addr}. */
  public static final String DEFAULT_STORAGE_ADDRESS = ":9090";

  /** Flux's default for {@code --artifact-retention-ttl}. */
  public static final Duration DEFAULT_RETENTION_TTL = Duration.ofSeconds(60);

  /** Flux's default for {@code --artifact-retention-records}. */
  public static final int DEFAULT_RETENTION_RECORDS = 2;

  /** Flux's default for {@code --requeue-dependency}. */
  public static final Duration DEFAULT_REQUEUE_DEPENDENCY = Duration.ofSeconds(30);

  /** Validates the values a flag parser cannot. */
  public SourceControllerOptions {
    ControllerOptionsBuilder.checkConcurrent(concurrent);
    if (retentionRecords < 1) {
      throw new IllegalArgumentException("--artifact-retention-records must be at least 1");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    helm = helm == null ? HelmSettings.DEFAULTS : helm;
  }

  /** Options with every flag at Flux's default, to change with the builder's setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive options that differ in a few flags. */
  public Builder toBuilder() {
    return new Builder()
        .concurrent(concurrent)
        .storagePath(storagePath)
        .storageAddress(storageAddress)
        .storageAdvertisedAddress(storageAdvertisedAddress)
        .retentionTtl(retentionTtl)
        .retentionRecords(retentionRecords)
        .requeueDependency(requeueDependency)
        .watchNamespaces(watchNamespaces)
        .helm(helm);
  }

  /**
   * Builds {@link SourceControllerOptions}; every setter starts at Flux's default, and {@link
   * #build()} validates as the canonical constructor does.
   */
  public static final class Builder extends ControllerOptionsBuilder<Builder> {
    private Path storagePath = DEFAULT_STORAGE_PATH;
    private String storageAddress = DEFAULT_STORAGE_ADDRESS;
    private String storageAdvertisedAddress;
    private Duration retentionTtl = DEFAULT_RETENTION_TTL;
    private int retentionRecords = DEFAULT_RETENTION_RECORDS;
    private Duration requeueDependency = DEFAULT_REQUEUE_DEPENDENCY;
    private HelmSettings helm = HelmSettings.DEFAULTS;

    private Builder() {
      super(DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** {@code --storage-path} (default {@code /data}). */
    public Builder storagePath(Path storagePath) {
      this.storagePath = storagePath;
      return this;
    }

    /** {@code --storage-addr} (default {@code :9090}). */
    public Builder storageAddress(String storageAddress) {
      this.storageAddress = storageAddress;
      return this;
    }

    /** {@code --storage-adv-addr} (default null: the bound address). */
    public Builder storageAdvertisedAddress(String storageAdvertisedAddress) {
      this.storageAdvertisedAddress = storageAdvertisedAddress;
      return this;
    }

    /** {@code --artifact-retention-ttl} (default 60s). */
    public Builder retentionTtl(Duration retentionTtl) {
      this.retentionTtl = retentionTtl;
      return this;
    }

    /** {@code --artifact-retention-records} (default 2). */
    public Builder retentionRecords(int retentionRecords) {
      this.retentionRecords = retentionRecords;
      return this;
    }

    /** {@code --requeue-dependency} (default 30s). */
    public Builder requeueDependency(Duration requeueDependency) {
      this.requeueDependency = requeueDependency;
      return this;
    }

    /** The {@code --helm-*} flags (default {@link HelmSettings#DEFAULTS}). */
    public Builder helm(HelmSettings helm) {
      this.helm = helm;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public SourceControllerOptions build() {
      return new SourceControllerOptions(
          concurrent(),
          storagePath,
          storageAddress,
          storageAdvertisedAddress,
          retentionTtl,
          retentionRecords,
          requeueDependency,
          watchNamespaces(),
          helm);
    }
  }
}

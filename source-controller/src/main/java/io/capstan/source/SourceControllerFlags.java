package io.capstan.source;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.DependencyFlags;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.ParsedFlags;
import io.capstan.source.helm.HelmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * source-controller's own flags (Flux's names and defaults) and how they become {@link
 * SourceControllerOptions} and a {@link SourceController}: the one options class shared by {@link
 * Main} and {@code capstan run}. The process flags ({@code --concurrent}, {@code --metrics-addr},
 * ...) and {@code --requeue-dependency} ({@link DependencyFlags}) are shared with the other
 * controllers and defined in toolkit-runtime.
 */
public final class SourceControllerFlags implements ControllerModule<SourceControllerOptions> {

  @Option(
      names = "--storage-path",
      defaultValue = "/data",
      description = "Artifact storage (default ${DEFAULT-VALUE}).")
  Path storagePath;

  @Option(
      names = "--storage-addr",
      defaultValue = ":9090",
      description = "Artifact server bind address (default ${DEFAULT-VALUE}).")
  String storageAddress;

  @Option(
      names = "--storage-adv-addr",
      description = "Advertised artifact host (default: the bound address).")
  String storageAdvertisedAddress;

  @Option(
      names = "--artifact-retention-ttl",
      defaultValue = "60s",
      converter = GoDurationConverter.class,
      description = "How long superseded artifacts are kept (default ${DEFAULT-VALUE}).")
  Duration retentionTtl;

  @Option(
      names = "--artifact-retention-records",
      defaultValue = "2",
      description = "How many artifacts are kept per object (default ${DEFAULT-VALUE}).")
  int retentionRecords;

  @Option(
      names = "--helm-index-max-size",
      defaultValue = "52428800",
      description = "Largest Helm repository index accepted, in bytes (default ${DEFAULT-VALUE}).")
  long helmIndexMaxSize;

  @Option(
      names = "--helm-chart-max-size",
      defaultValue = "10485760",
      description = "Largest Helm chart archive accepted, in bytes (default ${DEFAULT-VALUE}).")
  long helmChartMaxSize;

  @Option(
      names = "--helm-chart-file-max-size",
      defaultValue = "5242880",
      description = "Largest file in a Helm chart, in bytes (default ${DEFAULT-VALUE}).")
  long helmChartFileMaxSize;

  @Option(
      names = "--helm-cache-max-size",
      defaultValue = "0",
      description =
          "Parsed Helm indexes kept in memory; 0 disables the cache (default ${DEFAULT-VALUE}).")
  int helmCacheMaxSize;

  @Option(
      names = "--helm-cache-ttl",
      defaultValue = "15m",
      converter = GoDurationConverter.class,
      description = "How long an unused cached Helm index is kept (default ${DEFAULT-VALUE}).")
  Duration helmCacheTtl;

  @Option(
      names = "--helm-cache-purge-interval",
      defaultValue = "1m",
      converter = GoDurationConverter.class,
      description = "How often expired Helm indexes are removed (default ${DEFAULT-VALUE}).")
  Duration helmCachePurgeInterval;

  @Override
  public String name() {
    return SourceController.NAME;
  }

  @Override
  public String description() {
    return "Capstan source-controller: GitRepository artifacts for the GitOps Toolkit.";
  }

  @Override
  public List<Class<?>> sharedFlags() {
    return List.of(DependencyFlags.class);
  }

  @Override
  public SourceControllerOptions options(ParsedFlags flags) {
    return SourceControllerOptions.builder()
        .concurrent(flags.concurrent(SourceControllerOptions.DEFAULT_CONCURRENT))
        .storagePath(storagePath)
        .storageAddress(storageAddress)
        .storageAdvertisedAddress(storageAdvertisedAddress)
        .retentionTtl(retentionTtl)
        .retentionRecords(retentionRecords)
        .requeueDependency(flags.group(DependencyFlags.class).requeueDependency())
        .watchNamespaces(flags.watchNamespaces())
        .helm(
            new HelmSettings(
                helmIndexMaxSize,
                helmChartMaxSize,
                helmChartFileMaxSize,
                helmCacheMaxSize,
                helmCacheTtl,
                helmCachePurgeInterval))
        .build();
  }

  @Override
  public Controller create(SourceControllerOptions options, ControllerContext context) {
    return SourceController.builder()
        .options(options)
        .client(context.client())
        .meterRegistry(context.registry())
        .build();
  }

  /**
   * Replaces the values of {@code --storage-path} and {@code --storage-addr} for an embedding
   * command with other defaults ({@code capstan run --local} stores under its state directory and
   * serves on a loopback port); the caller passes null for a flag the user gave.
   */
  public void replaceDefaults(Path storagePath, String storageAddress) {
    if (storagePath != null) {
      this.storagePath = storagePath;
    }
    if (storageAddress != null) {
      this.storageAddress = storageAddress;
    }
  }
}

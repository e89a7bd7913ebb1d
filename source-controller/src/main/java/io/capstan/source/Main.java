package io.capstan.source;

import io.capstan.runtime.reconcile.GoDuration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The source-controller process: parses Flux's flags into {@link SourceControllerOptions} and runs
 * a {@link SourceController} with a Prometheus {@code /metrics} endpoint and health probes until
 * the JVM is asked to stop.
 */
@Command(
    name = "source-controller",
    mixinStandardHelpOptions = true,
    description = "Capstan source-controller: GitRepository artifacts for the GitOps Toolkit.")
public final class Main implements Callable<Integer> {

  @Option(names = "--concurrent", defaultValue = "2", description = "Concurrent reconciles.")
  int concurrent;

  @Option(names = "--storage-path", defaultValue = "/data", description = "Artifact storage.")
  Path storagePath;

  @Option(names = "--storage-addr", defaultValue = ":9090", description = "Artifact server bind.")
  String storageAddress;

  @Option(
      names = "--storage-adv-addr",
      description = "Advertised artifact host (default: the bound address).")
  String storageAdvertisedAddress;

  @Option(
      names = "--artifact-retention-ttl",
      defaultValue = "60s",
      converter = GoDurationConverter.class,
      description = "How long superseded artifacts are kept.")
  Duration retentionTtl;

  @Option(
      names = "--artifact-retention-records",
      defaultValue = "2",
      description = "How many artifacts are kept per object.")
  int retentionRecords;

  @Option(
      names = "--requeue-dependency",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "Retry interval for unavailable includes.")
  Duration requeueDependency;

  @Option(
      names = "--watch-all-namespaces",
      defaultValue = "true",
      arity = "0..1",
      fallbackValue = "true",
      description = "Watch all namespaces; false watches $RUNTIME_NAMESPACE only.")
  boolean watchAllNamespaces;

  @Option(names = "--metrics-addr", defaultValue = ":8080", description = "Prometheus /metrics.")
  String metricsAddress;

  @Option(names = "--health-addr", defaultValue = ":9440", description = "/healthz and /readyz.")
  String healthAddress;

  @Option(names = "--log-level", defaultValue = "info", description = "debug, info or error.")
  String logLevel;

  /** Picocli converter for Go-style durations ({@code 1m30s}). */
  static final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return GoDuration.parse(value);
    }
  }

  /** The options these flags describe; {@code runtimeNamespace} is {@code $RUNTIME_NAMESPACE}. */
  SourceControllerOptions options(String runtimeNamespace) {
    Set<String> namespaces;
    if (watchAllNamespaces) {
      namespaces = Set.of();
    } else {
      if (runtimeNamespace == null || runtimeNamespace.isBlank()) {
        throw new IllegalArgumentException(
            "--watch-all-namespaces=false needs the RUNTIME_NAMESPACE environment variable");
      }
      namespaces = Set.of(runtimeNamespace);
    }
    String level = logLevel.toLowerCase(Locale.ROOT);
    if (!Set.of("debug", "info", "error", "trace", "warn").contains(level)) {
      throw new IllegalArgumentException("--log-level must be debug, info or error");
    }
    return new SourceControllerOptions(
        concurrent,
        storagePath,
        storageAddress,
        storageAdvertisedAddress,
        retentionTtl,
        retentionRecords,
        requeueDependency,
        namespaces,
        metricsAddress,
        healthAddress,
        level);
  }

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static SourceControllerOptions parse(String[] args, String runtimeNamespace) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options(runtimeNamespace);
  }

  @Override
  public Integer call() throws Exception {
    SourceControllerOptions options = options(System.getenv("RUNTIME_NAMESPACE"));
    System.setProperty("capstan.log.level", options.logLevel().toUpperCase(Locale.ROOT));
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "capstan-source-controller-logback.xml");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client =
            ClientCertificateLogin.builder(Config.autoConfigure(null)).build();
        SourceController controller =
            options.toBuilder().client(client).meterRegistry(registry).build();
        ProbeServer metrics = ProbeServer.metrics(options.metricsAddress(), registry::scrape);
        ProbeServer health =
            ProbeServer.health(
                options.healthAddress(), () -> controller.artifactServerAddress() != null)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
      controller.start();
      System.err.printf(
          "source-controller started: artifacts on %s, metrics on %s, health on %s%n",
          controller.artifactServerAddress(), metrics.address(), health.address());
      stopped.await();
    }
    return 0;
  }

  /** Runs the controller; exits with 2 on bad flags. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}

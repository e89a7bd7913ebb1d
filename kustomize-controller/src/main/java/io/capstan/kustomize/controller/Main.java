package io.capstan.kustomize.controller;

import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.ProbeServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The kustomize-controller process: parses Flux's flags into {@link KustomizeControllerOptions} and
 * runs a {@link KustomizeController} with a Prometheus {@code /metrics} endpoint and health probes
 * until the JVM is asked to stop.
 */
@Command(
    name = "kustomize-controller",
    mixinStandardHelpOptions = true,
    description = "Capstan kustomize-controller: applies Kustomizations from source artifacts.")
public final class Main implements Callable<Integer> {

  @Option(names = "--concurrent", defaultValue = "4", description = "Concurrent reconciles.")
  int concurrent;

  @Option(
      names = "--requeue-dependency",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "Retry interval while dependencies are not ready.")
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

  /** The options these flags describe; {@code runtimeNamespace} is {@code $RUNTIME_NAMESPACE}. */
  KustomizeControllerOptions options(String runtimeNamespace) {
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
    return new KustomizeControllerOptions(
        concurrent, requeueDependency, namespaces, metricsAddress, healthAddress, level);
  }

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static KustomizeControllerOptions parse(String[] args, String runtimeNamespace) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options(runtimeNamespace);
  }

  @Override
  public Integer call() throws Exception {
    KustomizeControllerOptions options = options(System.getenv("RUNTIME_NAMESPACE"));
    System.setProperty("capstan.log.level", options.logLevel().toUpperCase(Locale.ROOT));
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "capstan-kustomize-controller-logback.xml");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withKubernetesSerialization(TolerantSerialization.create())
                .build();
        KustomizeController controller =
            options.toBuilder().client(client).meterRegistry(registry).build();
        ProbeServer metrics = ProbeServer.metrics(options.metricsAddress(), registry::scrape);
        ProbeServer health = ProbeServer.health(options.healthAddress(), () -> true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
      controller.start();
      System.err.printf(
          "kustomize-controller started: metrics on %s, health on %s%n",
          metrics.address(), health.address());
      stopped.await();
    }
    return 0;
  }

  /** Runs the controller; exits with 2 on bad flags. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}

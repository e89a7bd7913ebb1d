package io.capstan.cli;

import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.process.LogEncoding;
import io.capstan.runtime.process.ProbeServer;
import io.capstan.runtime.process.ProcessLogging;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.source.SourceControllerOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capstan run}: every implemented controller in this JVM against the cluster of the current
 * kubeconfig, until Ctrl-C; with {@code --local}, the self-contained demo of {@link LocalDemo}.
 * Flags follow Flux's controller flags and map onto {@link RunSettings}.
 */
@Command(
    name = "run",
    sortOptions = false,
    description = {
      "Run source-controller and kustomize-controller in one JVM against the current kubeconfig.",
      "With --local: start a local control plane, a Git server holding the example webapp, a"
          + " GitRepository and a Kustomization for it, and show the reconciliation live."
    })
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--local", description = "Run the local demo (control plane, Git server, app).")
  boolean local;

  @Option(
      names = "--state-dir",
      description = "--local: where run files go (default: a new temporary directory).")
  Path stateDir;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube).")
  Path kubeconfig;

  @Option(names = "--concurrent", defaultValue = "4", description = "Reconciles per controller.")
  int concurrent;

  @Option(
      names = "--storage-path",
      description = "Artifact storage (default: $TMPDIR/capstan-artifacts; --local: state dir).")
  Path storagePath;

  @Option(
      names = "--storage-addr",
      description = "Artifact server bind address (default :9090; --local: 127.0.0.1:0).")
  String storageAddress;

  @Option(names = "--storage-adv-addr", description = "Host written into artifact URLs.")
  String storageAdvertisedAddress;

  @Option(
      names = "--watch-all-namespaces",
      defaultValue = "true",
      arity = "0..1",
      fallbackValue = "true",
      description = "Watch all namespaces; false watches $RUNTIME_NAMESPACE only.")
  boolean watchAllNamespaces;

  @Option(
      names = "--metrics-addr",
      description = "Prometheus /metrics (default :8080; --local: off; 0 turns it off).")
  String metricsAddress;

  @Option(
      names = "--health-addr",
      description = "/healthz and /readyz (default :9440; --local: off; 0 turns it off).")
  String healthAddress;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      description = "trace, debug, info or error (trace also opens library logs).")
  String logLevel;

  @Option(
      names = "--log-encoding",
      defaultValue = "console",
      description = "console (default) or json, as toolkit-runtime's controller processes.")
  String logEncoding;

  @Option(
      names = "--refresh",
      defaultValue = "2s",
      converter = GoDurationConverter.class,
      description = "--local: how often the status table is refreshed.")
  Duration refresh;

  /** Picocli converter for Go durations ({@code 2s}, {@code 1m30s}). */
  static final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return GoDuration.parse(value);
    }
  }

  /**
   * The settings these flags describe, with defaults resolved for the mode.
   *
   * @param defaultStorage the storage path when {@code --storage-path} is not given
   * @param runtimeNamespace {@code $RUNTIME_NAMESPACE}, needed by {@code
   *     --watch-all-namespaces=false}
   * @throws IllegalArgumentException for values picocli cannot check
   */
  RunSettings settings(Path defaultStorage, String runtimeNamespace) {
    Set<String> namespaces = Set.of();
    if (!watchAllNamespaces) {
      if (runtimeNamespace == null || runtimeNamespace.isBlank()) {
        throw new IllegalArgumentException(
            "--watch-all-namespaces=false needs the RUNTIME_NAMESPACE environment variable");
      }
      namespaces = Set.of(runtimeNamespace);
    }
    SourceControllerOptions source =
        new SourceControllerOptions(
            concurrent,
            storagePath != null ? storagePath : defaultStorage,
            orElse(storageAddress, local ? "127.0.0.1:0" : ":9090"),
            storageAdvertisedAddress,
            Duration.ofSeconds(60),
            2,
            Duration.ofSeconds(30),
            namespaces);
    return new RunSettings(
        source,
        orElse(metricsAddress, local ? RunSettings.DISABLED : ":8080"),
        orElse(healthAddress, local ? RunSettings.DISABLED : ":9440"),
        logLevel,
        LogEncoding.parse(logEncoding));
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  @Override
  public Integer call() throws Exception {
    if (!local && stateDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--state-dir needs --local");
    }
    if (local && kubeconfig != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kubeconfig cannot be used with --local (it starts its own)");
    }
    PrintWriter out = spec.commandLine().getOut();
    String runtimeNamespace = System.getenv("RUNTIME_NAMESPACE");
    if (local) {
      return LocalDemo.run(this, out);
    }
    RunSettings settings =
        settings(
            Path.of(System.getProperty("java.io.tmpdir"), "capstan-artifacts"), runtimeNamespace);
    if (System.getProperty("logback.configurationFile") == null) {
      ProcessLogging.configure(settings.logLevel(), settings.logEncoding());
    }
    return runControllers(settings, out);
  }

  private int runControllers(RunSettings settings, PrintWriter out) throws Exception {
    SourceControllerOptions options = settings.source();
    Config config =
        kubeconfig != null
            ? Config.fromKubeconfig(kubeconfig.toFile())
            : Config.autoConfigure(null);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ShutdownSignal signal = ShutdownSignal.onJvmShutdown();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(TolerantSerialization.create())
                .build();
        AllControllers controllers = AllControllers.start(client, options, registry);
        ProbeServer metrics = metricsServer(settings.metricsAddress(), registry);
        ProbeServer health = healthServer(settings.healthAddress(), controllers)) {
      out.printf(
          "capstan run: source-controller and kustomize-controller against %s%n"
              + "  artifacts: %s served on %s%n  metrics: %s%n  health: %s%n"
              + "Ctrl-C stops.%n",
          client.getMasterUrl(),
          options.storagePath(),
          controllers.artifactServerAddress().getHostString()
              + ":"
              + controllers.artifactServerAddress().getPort(),
          metrics == null ? "off" : "http://" + hostPort(metrics) + "/metrics",
          health == null ? "off" : "http://" + hostPort(health) + "/healthz, /readyz");
      out.flush();
      signal.await();
      out.println("capstan run: stopping");
      out.flush();
    }
    return 0;
  }

  static String hostPort(ProbeServer server) {
    return server.address().getHostString() + ":" + server.address().getPort();
  }

  /** {@code /metrics} from {@code registry} on {@code address}; null when the address is off. */
  static ProbeServer metricsServer(String address, PrometheusMeterRegistry registry)
      throws IOException {
    return RunSettings.disabled(address) ? null : ProbeServer.metrics(address, registry::scrape);
  }

  /** {@code /healthz}, {@code /readyz} on {@code address}; null when the address is off. */
  static ProbeServer healthServer(String address, AllControllers controllers) throws IOException {
    return RunSettings.disabled(address) ? null : ProbeServer.health(address, controllers::ready);
  }

  /**
   * Sends the local demo's logs to {@code file} (the terminal shows the status table), encoded by
   * toolkit-runtime's {@code FluxLogEncoder}; must run before the first logger exists. An explicit
   * {@code -Dlogback.configurationFile} wins.
   */
  static void configureFileLogging(RunSettings settings, Path file) {
    System.setProperty("capstan.log.level", settings.logLevel().toUpperCase(Locale.ROOT));
    System.setProperty(
        "capstan.root.log.level", "trace".equals(settings.logLevel()) ? "DEBUG" : "WARN");
    System.setProperty(
        "capstan.log.encoding", settings.logEncoding().name().toLowerCase(Locale.ROOT));
    System.setProperty("capstan.log.file", file.toString());
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "capstan-cli-file-logback.xml");
    }
  }
}

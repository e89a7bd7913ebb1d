package io.capstan.cli;

import io.capstan.image.controller.ImageReflectorFlags;
import io.capstan.notification.NotificationController;
import io.capstan.notification.NotificationControllerFlags;
import io.capstan.runtime.process.ControllerCommand;
import io.capstan.runtime.process.ControllerFlags;
import io.capstan.runtime.process.ControllerGroup;
import io.capstan.runtime.process.ControllerMain;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.ControllerProcess;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.LogEncoding;
import io.capstan.runtime.process.ParsedFlags;
import io.capstan.runtime.process.ProcessLogging;
import io.capstan.runtime.process.ProcessSettings;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerFlags;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code capstan run}: every implemented controller ({@link AllControllers}) in this JVM against
 * the cluster of the current kubeconfig, until Ctrl-C; with {@code --local}, the self-contained
 * demo of {@link LocalDemo}. It accepts every controller's flags (each defined once, by the
 * controller's options class or toolkit-runtime's shared flag groups) and runs on the same process
 * support as the controllers' own {@code Main}s ({@link ControllerMain}: probes, metrics, leader
 * election on the Lease {@code capstan-leader-election}).
 */
@Command(
    name = "run",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Run every controller (source-controller, kustomize-controller, helm-controller,"
          + " notification-controller, image-reflector-controller) in one JVM against the current kubeconfig; accepts every"
          + " controller's flags.",
      "--events-addr is notification-controller's event intake (default: a loopback port);"
          + " the other controllers' events reach it in-process.",
      "With --local: start a local control plane, a Git server holding the example webapp, a"
          + " GitRepository and a Kustomization for it, and show the reconciliation live."
    })
final class RunCommand implements Callable<Integer> {

  /** The process name: logs and the Lease {@code capstan-leader-election}. */
  static final String PROCESS_NAME = "capstan";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--local", description = "Run the local demo (control plane, Git server, app).")
  boolean local;

  @Option(
      names = "--state-dir",
      description = "--local: where run files go (default: a new temporary directory).")
  Path stateDir;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube).")
  Path kubeconfig;

  @Option(
      names = "--refresh",
      defaultValue = "2s",
      converter = GoDurationConverter.class,
      description = "--local: how often the status table is refreshed.")
  Duration refresh;

  @Mixin ControllerFlags flags;

  private final List<ControllerModule<?>> modules = AllControllers.modules();
  private Map<Class<?>, Object> groups = Map.of();

  private RunCommand() {}

  /** The {@code run} command line with the flags of every controller. */
  static CommandLine commandLine() {
    RunCommand command = new RunCommand();
    CommandLine commandLine = new CommandLine(command);
    command.groups = ControllerCommand.addFlags(commandLine, command.modules);
    return commandLine;
  }

  private boolean given(String option) {
    CommandLine.ParseResult result = spec.commandLine().getParseResult();
    return result != null && result.hasMatchedOption(option);
  }

  /**
   * The settings these flags describe, with the defaults of {@code capstan run} where it differs
   * from a controller process: console logs; artifacts under {@code defaultStorage}
   * (image-reflector-controller's tags beside it, in {@code <storage-path>-image-reflector}, out of
   * the artifact server's reach); with {@code --local} an artifact server and a webhook receiver on
   * loopback ports and no metrics or health endpoints; notification-controller's event intake on a
   * loopback port unless {@code --events-addr} is given.
   *
   * @param runtimeNamespace {@code $RUNTIME_NAMESPACE}, needed by {@code
   *     --watch-all-namespaces=false} and leader election
   * @throws IllegalArgumentException for values picocli cannot check
   */
  RunSettings settings(Path defaultStorage, String runtimeNamespace) {
    Path storage =
        given("--storage-path")
            ? spec.commandLine()
                .getParseResult()
                .matchedOptionValue("--storage-path", defaultStorage)
            : defaultStorage;
    for (ControllerModule<?> module : modules) {
      if (module instanceof SourceControllerFlags source) {
        source.replaceDefaults(
            given("--storage-path") ? null : defaultStorage,
            given("--storage-addr") || !local ? null : "127.0.0.1:0");
      } else if (module instanceof ImageReflectorFlags image) {
        image.sharedStoragePath(storage); // tags in <storage-path>-image-reflector
      }
      if (module instanceof NotificationControllerFlags notification) {
        // the intake gets the events of this JVM in-process: a loopback port unless given (Flux's
        // :9090 is source-controller's --storage-addr default here)
        notification.replaceDefaults(
            given("--events-addr") ? null : "127.0.0.1:0",
            given("--receiverAddr") || !local ? null : "127.0.0.1:0");
      }
    }
    List<ControllerModule.Prepared> prepared =
        ControllerCommand.prepare(modules, new ParsedFlags(flags, groups, runtimeNamespace));
    ProcessSettings process = flags.processSettings(PROCESS_NAME, runtimeNamespace);
    process =
        new ProcessSettings(
            local && !given("--metrics-addr") ? null : process.metricsAddress(),
            local && !given("--health-addr") ? null : process.healthAddress(),
            process.logLevel(),
            given("--log-encoding") ? process.logEncoding() : LogEncoding.CONSOLE,
            process.election());
    return new RunSettings(process, prepared);
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
      ProcessLogging.configure(settings.process().logLevel(), settings.process().logEncoding());
    }
    return runControllers(settings, out);
  }

  private int runControllers(RunSettings settings, PrintWriter out) throws Exception {
    Config config =
        kubeconfig != null
            ? Config.fromKubeconfig(kubeconfig.toFile())
            : Config.autoConfigure(null);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicReference<ControllerGroup> group = new AtomicReference<>();
    try (ShutdownSignal signal = ShutdownSignal.onJvmShutdown();
        KubernetesClient client = ControllerMain.connect(config)) {
      ControllerProcess process = start(settings, client, registry, group::set);
      try {
        if (process.exitCode().isDone()) {
          return process.exitCode().join();
        }
        out.printf(
            "capstan run: %s against %s%n  artifacts: %s%n  events: %s%n  metrics: %s%n"
                + "  health: %s%nCtrl-C stops.%n",
            settings.names(),
            client.getMasterUrl(),
            artifacts(group.get()),
            notification(group.get()),
            endpoint(process.metricsAddress(), "/metrics"),
            endpoint(process.healthAddress(), "/healthz, /readyz"));
        out.flush();
        while (!signal.await(Duration.ofMillis(500))) {
          if (process.exitCode().isDone()) {
            break;
          }
        }
        out.println("capstan run: stopping");
        out.flush();
      } finally {
        process.shutdown();
      }
      return process.exitCode().join();
    }
  }

  /**
   * Starts the controllers as one process on {@code client} ({@link ControllerMain#process}):
   * probes, metrics, leader election; {@code started} receives the running controllers.
   */
  static ControllerProcess start(
      RunSettings settings,
      KubernetesClient client,
      PrometheusMeterRegistry registry,
      Consumer<ControllerGroup> started)
      throws IOException {
    ControllerProcess process =
        ControllerMain.process(
            PROCESS_NAME, settings.process(), client, registry, settings.controllers(), started);
    return process.start();
  }

  /** Where source-controller's artifacts are, or why not yet. */
  static String artifacts(ControllerGroup group) {
    if (group == null) {
      return "served once this process holds the Lease";
    }
    return group
        .controller(SourceController.class)
        .map(
            source ->
                source.storage().root() + " served on " + hostPort(source.artifactServerAddress()))
        .orElse("none");
  }

  /** Where notification-controller takes events and webhooks, or why not yet. */
  static String notification(ControllerGroup group) {
    if (group == null) {
      return "received once this process holds the Lease";
    }
    return group
        .controller(NotificationController.class)
        .map(
            n ->
                "intake http://"
                    + hostPort(n.eventsAddress())
                    + "/, webhook receiver http://"
                    + hostPort(n.receiverAddress())
                    + "/hook/")
        .orElse("none");
  }

  static String endpoint(InetSocketAddress address, String paths) {
    return address == null ? "off" : "http://" + hostPort(address) + paths;
  }

  static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  /**
   * Sends the local demo's logs to {@code file} (the terminal shows the status table), encoded by
   * toolkit-runtime's {@code FluxLogEncoder}; must run before the first logger exists. An explicit
   * {@code -Dlogback.configurationFile} wins.
   */
  static void configureFileLogging(ProcessSettings settings, Path file) {
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

package io.capstan.notification;

import io.capstan.runtime.process.ControllerFlags;
import io.capstan.runtime.process.ControllerMain;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.RuntimeNamespace;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The notification-controller process: Flux's flags (the shared ones from {@link ControllerFlags},
 * whose {@code --events-addr} is here the address the event intake binds to, default {@code :9090};
 * plus {@code --receiverAddr}, {@code --no-cross-namespace-refs}, {@code --rate-limit-interval}),
 * then {@link ControllerMain} runs a {@link NotificationController}.
 */
@Command(
    name = "notification-controller",
    mixinStandardHelpOptions = true,
    description = "Capstan notification-controller: events to Alerts and Providers, webhooks.")
public final class Main implements Callable<Integer> {

  /** Flux's notification-controller default for {@code --concurrent}. */
  static final int DEFAULT_CONCURRENT = 4;

  /** Flux's default event intake address. */
  static final String DEFAULT_EVENTS_ADDR = ":9090";

  @Mixin ControllerFlags flags;

  @Option(
      names = "--receiverAddr",
      defaultValue = ":9292",
      description = "The address the webhook receiver binds to (default ${DEFAULT-VALUE}).")
  String receiverAddress;

  @Option(
      names = "--no-cross-namespace-refs",
      defaultValue = "false",
      arity = "0..1",
      fallbackValue = "true",
      description = "Alerts only take events of objects in their own namespace.")
  boolean noCrossNamespaceRefs;

  @Option(
      names = "--rate-limit-interval",
      defaultValue = "5m",
      converter = GoDurationConverter.class,
      description = "Interval in which duplicate events are dispatched once (default 5m).")
  Duration rateLimitInterval;

  /** The configured controller builder (without client). */
  NotificationController.Builder options(String runtimeNamespace) {
    String events = flags.eventsAddress().isEmpty() ? DEFAULT_EVENTS_ADDR : flags.eventsAddress();
    return NotificationController.builder()
        .eventsAddress(events)
        .receiverAddress(receiverAddress)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .rateLimitInterval(rateLimitInterval)
        .concurrency(flags.concurrent(DEFAULT_CONCURRENT))
        .namespaces(flags.watchNamespaces(runtimeNamespace));
  }

  /** Parses {@code args} (tests, embedders); throws on bad flags. */
  public static NotificationController.Builder parse(String[] args, String runtimeNamespace) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options(runtimeNamespace);
  }

  @Override
  public Integer call() throws Exception {
    NotificationController.Builder builder = options(RuntimeNamespace.current());
    String host = System.getenv("HOSTNAME");
    return ControllerMain.run(
        "notification-controller",
        flags,
        setup -> {
          NotificationController controller =
              builder
                  .client(setup.client())
                  .meterRegistry(setup.registry())
                  .instance(host == null || host.isBlank() ? "notification-controller" : host)
                  .build();
          return () -> {
            controller.start();
            return controller;
          };
        });
  }

  /** Runs the controller; exits with 2 on bad flags, 1 on a lost Lease, 0 after SIGTERM. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}

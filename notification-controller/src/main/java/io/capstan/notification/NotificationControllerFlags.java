package io.capstan.notification;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.MultiTenancyFlags;
import io.capstan.runtime.process.ParsedFlags;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * notification-controller's flags and how they become {@link NotificationControllerOptions} and a
 * {@link NotificationController}: the one options class shared by {@link Main} and {@code capstan
 * run}. Its own flags are {@code --receiverAddr} and {@code --rate-limit-interval}; {@code
 * --no-cross-namespace-refs} comes from toolkit-runtime's {@link MultiTenancyFlags}.
 *
 * <p>As in Flux, the process flag {@code --events-addr} is here the address the event intake
 * listens on (default {@code :9090}), not a URL events are posted to. In {@code capstan run}
 * ({@link #receiveProcessEvents()}) the other controllers of the JVM send their events to this
 * intake over loopback.
 */
public final class NotificationControllerFlags
    implements ControllerModule<NotificationControllerOptions> {

  @Option(
      names = "--receiverAddr",
      defaultValue = ":9292",
      description = "The address the webhook receiver binds to (default ${DEFAULT-VALUE}).")
  String receiverAddress;

  @Option(
      names = "--rate-limit-interval",
      defaultValue = "5m",
      converter = GoDurationConverter.class,
      description = "Interval in which duplicate events are dispatched once (default 5m).")
  Duration rateLimitInterval;

  private String defaultEventsAddress = NotificationControllerOptions.DEFAULT_EVENTS_ADDR;
  private boolean receiveProcessEvents;

  @Override
  public String name() {
    return NotificationController.NAME;
  }

  @Override
  public String description() {
    return "Capstan notification-controller: events to Alerts and Providers, webhooks to"
        + " Receivers.";
  }

  @Override
  public List<Class<?>> sharedFlags() {
    return List.of(MultiTenancyFlags.class);
  }

  /**
   * For {@code capstan run}: the other controllers of this JVM send their events to this
   * controller's intake (as the others' {@code --events-addr} URL does between processes).
   */
  public NotificationControllerFlags receiveProcessEvents() {
    this.receiveProcessEvents = true;
    return this;
  }

  /**
   * Replaces the defaults of the listen addresses (e.g. loopback ports for {@code capstan run
   * --local}); null keeps a default. Called after parsing, so pass null for a flag that was given.
   */
  public void replaceDefaults(String eventsAddress, String receiverAddress) {
    if (eventsAddress != null) {
      this.defaultEventsAddress = eventsAddress;
    }
    if (receiverAddress != null) {
      this.receiverAddress = receiverAddress;
    }
  }

  @Override
  public NotificationControllerOptions options(ParsedFlags flags) {
    String events = flags.process().eventsAddress();
    return NotificationControllerOptions.builder()
        .concurrent(flags.concurrent(NotificationControllerOptions.DEFAULT_CONCURRENT))
        .watchNamespaces(flags.watchNamespaces())
        .eventsAddress(events.isEmpty() ? defaultEventsAddress : events)
        .receiverAddress(receiverAddress)
        .noCrossNamespaceRefs(flags.group(MultiTenancyFlags.class).noCrossNamespaceRefs())
        .rateLimitInterval(rateLimitInterval)
        .receiveProcessEvents(receiveProcessEvents)
        .build();
  }

  @Override
  public Controller create(NotificationControllerOptions options, ControllerContext context) {
    String host = System.getenv("HOSTNAME");
    return NotificationController.builder()
        .options(options)
        .client(context.client())
        .meterRegistry(context.registry())
        .instance(host == null || host.isBlank() ? NotificationController.NAME : host)
        .build();
  }
}

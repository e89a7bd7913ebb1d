package io.capstan.notification;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * notification-controller's validated settings from {@link NotificationControllerFlags} (the shared
 * process flags live in {@link io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: Receiver reconciles at once (Flux default 4)
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param eventsAddress {@code --events-addr}: the address the event intake listens on (Flux default
 *     {@code :9090}); here never a URL
 * @param receiverAddress {@code --receiverAddr}: the address the webhook receiver listens on (Flux
 *     default {@code :9292})
 * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}: Alerts only take events of objects
 *     in their own namespace
 * @param rateLimitInterval {@code --rate-limit-interval}: duplicate events pass once per interval
 *     (Flux default 5m)
 * @param receiveProcessEvents whether the events of the other controllers of this JVM are handed to
 *     the intake ({@code capstan run}); a controller's own process forwards nothing
 */
public record NotificationControllerOptions(
    int concurrent,
    Set<String> watchNamespaces,
    String eventsAddress,
    String receiverAddress,
    boolean noCrossNamespaceRefs,
    Duration rateLimitInterval,
    boolean receiveProcessEvents) {

  /** Validates the values a flag parser cannot. */
  public NotificationControllerOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    Objects.requireNonNull(eventsAddress, "eventsAddress");
    if (eventsAddress.startsWith("http://") || eventsAddress.startsWith("https://")) {
      throw new IllegalArgumentException(
          "--events-addr is the address notification-controller's event intake listens on"
              + " (e.g. :9090), not a URL: "
              + eventsAddress);
    }
    Objects.requireNonNull(receiverAddress, "receiverAddress");
    Objects.requireNonNull(rateLimitInterval, "rateLimitInterval");
    if (rateLimitInterval.isNegative() || rateLimitInterval.isZero()) {
      throw new IllegalArgumentException("--rate-limit-interval must be positive");
    }
  }

  /** A controller configured by these options (not started; the client is still to be set). */
  NotificationController.Builder toBuilder() {
    return NotificationController.builder()
        .concurrency(concurrent)
        .watchNamespaces(watchNamespaces)
        .eventsAddress(eventsAddress)
        .receiverAddress(receiverAddress)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .rateLimitInterval(rateLimitInterval)
        .receiveProcessEvents(receiveProcessEvents);
  }
}

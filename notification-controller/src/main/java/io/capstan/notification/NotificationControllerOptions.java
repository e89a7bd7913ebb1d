package io.capstan.notification;

import io.capstan.runtime.process.ControllerOptionsBuilder;
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

  /** Flux's notification-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 4;

  /** Flux's default event intake address ({@code --events-addr}). */
  public static final String DEFAULT_EVENTS_ADDR = ":9090";

  /** Flux's default webhook receiver address ({@code --receiverAddr}). */
  public static final String DEFAULT_RECEIVER_ADDR = ":9292";

  /** Flux's default for {@code --rate-limit-interval}. */
  public static final Duration DEFAULT_RATE_LIMIT_INTERVAL = Duration.ofMinutes(5);

  /** Validates the values a flag parser cannot. */
  public NotificationControllerOptions {
    ControllerOptionsBuilder.checkConcurrent(concurrent);
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

  /** Options with every flag at Flux's default, to change with the builder's setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive options that differ in a few flags. */
  public Builder toBuilder() {
    return new Builder()
        .concurrent(concurrent)
        .watchNamespaces(watchNamespaces)
        .eventsAddress(eventsAddress)
        .receiverAddress(receiverAddress)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .rateLimitInterval(rateLimitInterval)
        .receiveProcessEvents(receiveProcessEvents);
  }

  /**
   * Builds {@link NotificationControllerOptions}; every setter starts at Flux's default, and {@link
   * #build()} validates as the canonical constructor does.
   */
  public static final class Builder extends ControllerOptionsBuilder<Builder> {
    private String eventsAddress = DEFAULT_EVENTS_ADDR;
    private String receiverAddress = DEFAULT_RECEIVER_ADDR;
    private boolean noCrossNamespaceRefs;
    private Duration rateLimitInterval = DEFAULT_RATE_LIMIT_INTERVAL;
    private boolean receiveProcessEvents;

    private Builder() {
      super(DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** {@code --events-addr}, the intake's listen address (default {@code :9090}). */
    public Builder eventsAddress(String eventsAddress) {
      this.eventsAddress = eventsAddress;
      return this;
    }

    /** {@code --receiverAddr} (default {@code :9292}). */
    public Builder receiverAddress(String receiverAddress) {
      this.receiverAddress = receiverAddress;
      return this;
    }

    /** {@code --no-cross-namespace-refs} (default false). */
    public Builder noCrossNamespaceRefs(boolean noCrossNamespaceRefs) {
      this.noCrossNamespaceRefs = noCrossNamespaceRefs;
      return this;
    }

    /** {@code --rate-limit-interval} (default 5m). */
    public Builder rateLimitInterval(Duration rateLimitInterval) {
      this.rateLimitInterval = rateLimitInterval;
      return this;
    }

    /** Whether this JVM's other controllers hand their events to the intake (default false). */
    public Builder receiveProcessEvents(boolean receiveProcessEvents) {
      this.receiveProcessEvents = receiveProcessEvents;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException for a value out of range or a URL as events address
     */
    public NotificationControllerOptions build() {
      return new NotificationControllerOptions(
          concurrent(),
          watchNamespaces(),
          eventsAddress,
          receiverAddress,
          noCrossNamespaceRefs,
          rateLimitInterval,
          receiveProcessEvents);
    }
  }
}

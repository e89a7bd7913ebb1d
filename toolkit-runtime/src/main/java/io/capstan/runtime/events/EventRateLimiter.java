package io.capstan.runtime.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lets an event through at most once per {@code window} for the same object, type, reason and
 * message. Distinct events are never held back. Memory stays bounded by the events of the last
 * window: older keys are dropped as time moves on. Thread-safe.
 */
public final class EventRateLimiter {

  private record Key(String object, EventType type, String reason, String message) {}

  private final Duration window;
  private final Clock clock;
  private final Map<Key, Instant> lastSeen = new HashMap<>();
  private Instant lastSweep;

  /** A limiter with the given window (zero disables limiting). */
  public EventRateLimiter(Duration window, Clock clock) {
    this.window = Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("negative window: " + window);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastSweep = clock.instant();
  }

  /** The configured window. */
  public Duration window() {
    return window;
  }

  /** True when {@code event} may be delivered now; remembers it when it is. */
  public synchronized boolean allow(FluxEvent event) {
    if (window.isZero()) {
      return true;
    }
    Instant now = clock.instant();
    sweep(now);
    Key key = new Key(objectKey(event), event.type(), event.reason(), event.message());
    Instant previous = lastSeen.get(key);
    if (previous != null && now.isBefore(previous.plus(window))) {
      return false;
    }
    lastSeen.put(key, now);
    return true;
  }

  /** Forgets everything about the object with this uid (e.g. after it was deleted). */
  public synchronized void forget(String uid) {
    lastSeen.keySet().removeIf(k -> k.object().equals(uid));
  }

  private void sweep(Instant now) {
    if (now.isBefore(lastSweep.plus(window))) {
      return;
    }
    lastSeen.values().removeIf(seen -> !now.isBefore(seen.plus(window)));
    lastSweep = now;
  }

  private static String objectKey(FluxEvent event) {
    var ref = event.involvedObject();
    if (ref.getUid() != null) {
      return ref.getUid();
    }
    return ref.getKind() + "/" + ref.getNamespace() + "/" + ref.getName();
  }
}

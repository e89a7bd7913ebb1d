package io.capstan.notification.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Flux's duplicate-event rate limit ({@code --rate-limit-interval}, default 5m): events with the
 * same key (involved object name, namespace, kind, message and {@code revision} metadata) are let
 * through once per interval; the event server answers the repeats with 429. Memory is bounded: keys
 * older than the interval are dropped. Thread-safe.
 */
public final class DuplicateEventLimiter {

  /** Flux's default {@code --rate-limit-interval}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private final Duration interval;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  /** A limiter letting a key through once per {@code interval} (zero: no limit). */
  public DuplicateEventLimiter(Duration interval, Clock clock) {
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Flux's rate-limiting key of {@code event} (before hashing). */
  public static String key(NotificationEvent event) {
    StringBuilder key =
        new StringBuilder("event/")
            .append(event.involvedObject().name())
            .append('/')
            .append(Objects.toString(event.involvedObject().namespace(), ""))
            .append('/')
            .append(event.involvedObject().kind())
            .append('/')
            .append(event.message());
    String revision = EventParser.cleanupMetadata(event).get("revision");
    if (revision != null) {
      key.append('/').append(revision);
    }
    return key.toString();
  }

  /** True when {@code event} may pass now (and remembers it). */
  public synchronized boolean allow(NotificationEvent event) {
    if (interval.isZero()) {
      return true;
    }
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().getValue().plus(interval))) {
        it.remove();
      } else {
        break; // insertion order = time order
      }
    }
    String digest = sha256(key(event));
    if (seen.containsKey(digest)) {
      return false;
    }
    seen.put(digest, now);
    return true;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

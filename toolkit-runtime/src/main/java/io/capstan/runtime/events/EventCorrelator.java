package io.capstan.runtime.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides how a core/v1 Event is written, the way client-go's event correlator does for every
 * Kubernetes controller (and so for Flux's):
 *
 * <ul>
 *   <li><b>Counting.</b> An event identical to one already written (same source, object, type,
 *       reason and message) updates the existing Event: {@code count} + 1, a new {@code
 *       lastTimestamp}, {@code firstTimestamp} kept.
 *   <li><b>Aggregation.</b> When an object gets {@value #AGGREGATE_MAX_EVENTS} events with the same
 *       reason but different messages within {@link #AGGREGATE_INTERVAL}, the next ones are written
 *       as one Event whose message starts with {@code (combined from similar events): }, counted
 *       like identical events.
 *   <li><b>Spam filter.</b> A token bucket per source and object (burst {@value #SPAM_BURST}, one
 *       token back every five minutes) bounds the writes to the API server; an event over the
 *       budget is skipped.
 * </ul>
 *
 * <p>State is bounded: each cache keeps the {@value #CACHE_ENTRIES} most recently used keys. Time
 * is the event's own timestamp, so decisions are reproducible. Thread-safe.
 */
public final class EventCorrelator {

  /** Entries kept per cache (client-go's {@code maxLruCacheEntries}). */
  public static final int CACHE_ENTRIES = 4096;

  /** Distinct messages with one reason before aggregation starts. */
  public static final int AGGREGATE_MAX_EVENTS = 10;

  /** How long similar events are remembered for aggregation. */
  public static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(10);

  /** Events a source may write about one object in a burst. */
  public static final int SPAM_BURST = 25;

  /** Seconds until the spam filter gives back one token. */
  private static final double SECONDS_PER_TOKEN = 300;

  /** Prefix of the message of an aggregated event. */
  public static final String AGGREGATE_PREFIX = "(combined from similar events): ";

  /** What to do with one event. */
  public enum Action {
    /** Create {@link Correlation#event()}. */
    CREATE,
    /** Patch the existing Event named in {@link Correlation#event()} (count, lastTimestamp). */
    UPDATE,
    /** Write nothing: the source is over its budget for this object. */
    SKIP
  }

  /**
   * The decision for one event.
   *
   * @param event the Event to create, or the state to patch the existing Event to
   * @param key the cache key under which the written Event is remembered ({@link #observed})
   */
  public record Correlation(Action action, Event event, String key) {}

  private record Observation(String name, int count, String firstTimestamp) {}

  private record Aggregate(Set<String> messages, Instant last) {}

  private static final class Bucket {
    double tokens = SPAM_BURST;
    Instant last;
  }

  private final Lru<String, Bucket> spam = new Lru<>();
  private final Lru<String, Aggregate> aggregates = new Lru<>();
  private final Lru<String, Observation> observations = new Lru<>();

  /** Correlates {@code event} (as built by {@link KubernetesEventSink#toKubernetesEvent}). */
  public synchronized Correlation correlate(Event event, Instant now) {
    if (!takeToken(spamKey(event), now)) {
      return new Correlation(Action.SKIP, event, null);
    }
    Event candidate = event;
    String key = eventKey(event);
    String aggregateKey = aggregateKey(event);
    Aggregate aggregate = aggregates.get(aggregateKey);
    if (aggregate == null
        || Duration.between(aggregate.last(), now).compareTo(AGGREGATE_INTERVAL) > 0) {
      aggregate = new Aggregate(new LinkedHashSet<>(), now);
    }
    aggregate.messages().add(event.getMessage());
    aggregates.put(aggregateKey, new Aggregate(aggregate.messages(), now));
    if (aggregate.messages().size() >= AGGREGATE_MAX_EVENTS) {
      // Keep the set at its maximum, as client-go does, so aggregation goes on while it lasts.
      var it = aggregate.messages().iterator();
      it.next();
      it.remove();
      candidate = aggregated(event, now);
      key = aggregateKey;
    }
    Observation previous = observations.get(key);
    if (previous == null) {
      observations.put(key, new Observation(candidate.getMetadata().getName(), 1, timestamp(now)));
      return new Correlation(Action.CREATE, candidate, key);
    }
    Event updated =
        new EventBuilder(candidate)
            .editMetadata()
            .withName(previous.name())
            .endMetadata()
            .withCount(previous.count() + 1)
            .withFirstTimestamp(previous.firstTimestamp())
            .withLastTimestamp(timestamp(now))
            .build();
    observations.put(
        key, new Observation(previous.name(), previous.count() + 1, previous.firstTimestamp()));
    return new Correlation(Action.UPDATE, updated, key);
  }

  /**
   * Remembers what the API server stored for {@code key}: its name (which may have been completed
   * by the server), count and first timestamp, so the next identical event updates it.
   */
  public synchronized void observed(String key, Event stored) {
    if (key == null || stored == null || stored.getMetadata() == null) {
      return;
    }
    int count = stored.getCount() == null ? 1 : stored.getCount();
    observations.put(
        key, new Observation(stored.getMetadata().getName(), count, stored.getFirstTimestamp()));
  }

  /** Forgets that {@code key} was written (e.g. the Event was deleted on the server). */
  public synchronized void forget(String key) {
    observations.remove(key);
  }

  private boolean takeToken(String key, Instant now) {
    Bucket bucket = spam.get(key);
    if (bucket == null) {
      bucket = new Bucket();
      bucket.last = now;
    } else {
      double seconds = Math.max(0, Duration.between(bucket.last, now).toNanos() / 1e9);
      bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + seconds / SECONDS_PER_TOKEN);
      bucket.last = now.isAfter(bucket.last) ? now : bucket.last;
    }
    spam.put(key, bucket);
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  private static Event aggregated(Event event, Instant now) {
    long nanos = ChronoUnit.NANOS.between(Instant.EPOCH, now);
    String time = timestamp(now);
    return new EventBuilder(event)
        .editMetadata()
        .withName(event.getInvolvedObject().getName() + "." + Long.toHexString(nanos))
        .withGenerateName(null)
        .endMetadata()
        .withMessage(AGGREGATE_PREFIX + event.getMessage())
        .withCount(1)
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .build();
  }

  private static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String source(Event event) {
    EventSource source = event.getSource();
    return source == null
        ? "\0\0"
        : Objects.toString(source.getComponent(), "")
            + "\0"
            + Objects.toString(source.getHost(), "");
  }

  private static String object(Event event) {
    ObjectReference ref = event.getInvolvedObject();
    return String.join(
        "\0",
        Objects.toString(ref.getKind(), ""),
        Objects.toString(ref.getNamespace(), ""),
        Objects.toString(ref.getName(), ""),
        Objects.toString(ref.getUid(), ""),
        Objects.toString(ref.getApiVersion(), ""));
  }

  /** Source and object: the spam filter's key. */
  static String spamKey(Event event) {
    return source(event) + "\0" + object(event);
  }

  /** Everything but the message and the reporting instance: the aggregation group. */
  static String aggregateKey(Event event) {
    return String.join(
        "\0",
        spamKey(event),
        Objects.toString(event.getType(), ""),
        Objects.toString(event.getReason(), ""),
        Objects.toString(event.getReportingComponent(), ""),
        Objects.toString(event.getReportingInstance(), ""));
  }

  /** Source, object (with field path), type, reason and message: identical events share it. */
  static String eventKey(Event event) {
    return String.join(
        "\0",
        source(event),
        object(event),
        Objects.toString(event.getInvolvedObject().getFieldPath(), ""),
        Objects.toString(event.getType(), ""),
        Objects.toString(event.getReason(), ""),
        Objects.toString(event.getMessage(), ""));
  }

  /** A least-recently-used map of at most {@link #CACHE_ENTRIES} entries (callers synchronize). */
  private static final class Lru<K, V> extends LinkedHashMap<K, V> {
    Lru() {
      super(64, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > CACHE_ENTRIES;
    }
  }
}

package io.capstan.source.helm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parsed chart repository indexes kept in memory between reconciles, as Flux's index cache: at most
 * {@code --helm-cache-max-size} entries (0 disables the cache), each expiring {@code
 * --helm-cache-ttl} after it was last stored or read, expired entries removed every {@code
 * --helm-cache-purge-interval} (and on access). As in Flux, a full cache refuses new entries
 * instead of evicting live ones. Keys are the index artifact's storage path, so a new revision is a
 * new key and never serves a stale index. Thread-safe.
 */
public final class IndexCache implements AutoCloseable {

  private record Entry(ChartRepositoryIndex index, Instant expires) {}

  private final int maxSize;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> entries = new HashMap<>();
  private final ScheduledExecutorService purger;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /**
   * A cache purged by a daemon thread every {@code purgeInterval} (none when the cache is disabled
   * or the interval is zero).
   */
  public IndexCache(int maxSize, Duration ttl, Duration purgeInterval) {
    this(maxSize, ttl, purgeInterval, Clock.systemUTC());
  }

  IndexCache(int maxSize, Duration ttl, Duration purgeInterval, Clock clock) {
    this.maxSize = Math.max(0, maxSize);
    this.ttl = Objects.requireNonNull(ttl);
    this.clock = clock;
    if (this.maxSize > 0 && purgeInterval != null && !purgeInterval.isZero()) {
      purger =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "helm-index-cache-purge");
                t.setDaemon(true);
                return t;
              });
      long ms = Math.max(1, purgeInterval.toMillis());
      purger.scheduleWithFixedDelay(this::purgeExpired, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      purger = null;
    }
  }

  /** A disabled cache (Flux's default {@code --helm-cache-max-size=0}). */
  public static IndexCache disabled() {
    return new IndexCache(0, Duration.ZERO, Duration.ZERO);
  }

  /** Whether entries can be stored at all. */
  public boolean enabled() {
    return maxSize > 0;
  }

  /**
   * The index stored under {@code key}, its expiry pushed back by the TTL; {@code null} if none.
   */
  public synchronized ChartRepositoryIndex get(String key) {
    Entry e = entries.get(key);
    Instant now = clock.instant();
    if (e == null || !e.expires().isAfter(now)) {
      if (e != null) {
        entries.remove(key);
      }
      misses.incrementAndGet();
      return null;
    }
    entries.put(key, new Entry(e.index(), now.plus(ttl)));
    hits.incrementAndGet();
    return e.index();
  }

  /**
   * Stores an index for the TTL.
   *
   * @return false if the cache is disabled or full of live entries (the index is not stored)
   */
  public synchronized boolean put(String key, ChartRepositoryIndex index) {
    if (maxSize == 0) {
      return false;
    }
    Instant now = clock.instant();
    if (!entries.containsKey(key) && entries.size() >= maxSize) {
      purgeExpired(now);
      if (entries.size() >= maxSize) {
        return false;
      }
    }
    entries.put(key, new Entry(Objects.requireNonNull(index), now.plus(ttl)));
    return true;
  }

  /** Drops the entry under {@code key} (the artifact was deleted or replaced). */
  public synchronized void remove(String key) {
    entries.remove(key);
  }

  /** Removes every expired entry. */
  public synchronized void purgeExpired() {
    purgeExpired(clock.instant());
  }

  private void purgeExpired(Instant now) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (!it.next().expires().isAfter(now)) {
        it.remove();
      }
    }
  }

  /** The number of stored entries (expired ones not yet purged included). */
  public synchronized int size() {
    return entries.size();
  }

  /** Reads that found a live entry. */
  public long hits() {
    return hits.get();
  }

  /** Reads that found nothing. */
  public long misses() {
    return misses.get();
  }

  /** Stops the purge thread. */
  @Override
  public void close() {
    if (purger != null) {
      purger.shutdownNow();
    }
  }
}

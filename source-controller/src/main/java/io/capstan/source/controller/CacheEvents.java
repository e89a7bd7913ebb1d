package io.capstan.source.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Flux's {@code gotk_cache_events_total} counter (source-controller's {@code cache.CacheRecorder}):
 * one increment per lookup of a HelmRepository index in the index cache, labels {@code event_type}
 * ({@code cache_hit} or {@code cache_miss}), {@code name} and {@code namespace} of the
 * HelmRepository. Lookups happen only when the cache is enabled ({@code --helm-cache-max-size} &gt;
 * 0), as in Flux. The series of a deleted HelmRepository are removed.
 */
final class CacheEvents {

  /** The Micrometer name; the Prometheus registry exposes it as {@code gotk_cache_events_total}. */
  static final String NAME = "gotk_cache_events";

  static final String HIT = "cache_hit";
  static final String MISS = "cache_miss";

  private final MeterRegistry registry;

  /** Records into {@code registry}; null records nothing. */
  CacheEvents(MeterRegistry registry) {
    this.registry = registry;
  }

  void inc(String eventType, String name, String namespace) {
    if (registry == null) {
      return;
    }
    Counter.builder(NAME)
        .description(
            "Total number of cache retrieval events for a Gitops Toolkit resource reconciliation.")
        .tag("event_type", eventType)
        .tag("name", name)
        .tag("namespace", namespace)
        .register(registry)
        .increment();
  }

  /** Removes the series of one object (Flux's {@code DeleteCacheEvent} for hit and miss). */
  void delete(String name, String namespace) {
    if (registry == null) {
      return;
    }
    registry
        .find(NAME)
        .tag("name", name)
        .tag("namespace", namespace)
        .meters()
        .forEach(registry::remove);
  }
}

package io.capstan.helm.controller.watch;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops the reconciles a work queue like controller-runtime's would have merged away. The Java
 * Operator SDK marks a HelmRelease "under processing" from the moment its reconcile is handed to
 * the executor, so every event that arrives while it waits for a free worker (its chart source's
 * first artifact, a {@code --requeue-dependency} timer set by an earlier reconcile, ...) makes it
 * reconcile once more after the reconcile that already saw that state: at scale, hundreds of
 * no-change reconciles right after all HelmReleases are ready. controller-runtime keeps a queued
 * key once, so Flux's helm-controller does not run them.
 *
 * <p>A reconcile is redundant when nothing a HelmRelease reconciles on changed since the last
 * successful reconcile started ({@link State}: its generation, {@code reconcile.fluxcd.io/
 * requestedAt}, and the artifact of its chart source as the watch cache has it) and the requeue
 * that reconcile asked for is not due yet. Retries, deletions and HelmReleases with {@code
 * dependsOn} (whose dependency becoming ready is an event with no state here) always reconcile.
 */
public final class ReconcileMemo {

  /** What a reconcile of one HelmRelease depends on, as seen when it started. */
  public record State(String uid, Long generation, String requestedAt, String sourceArtifact) {}

  private record Entry(State state, long dueNanos) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** True when a reconcile of {@code key} in {@code state} at {@code nowNanos} is redundant. */
  public boolean redundant(String key, State state, long nowNanos) {
    Entry entry = entries.get(key);
    return entry != null && entry.state().equals(state) && nowNanos - entry.dueNanos() < 0;
  }

  /** Nanoseconds until the requeue the last reconcile of {@code key} asked for (0 if unknown). */
  public long remainingNanos(String key, long nowNanos) {
    Entry entry = entries.get(key);
    return entry == null ? 0 : Math.max(0, entry.dueNanos() - nowNanos);
  }

  /**
   * Records that a reconcile of {@code key} that started in {@code state} succeeded and asked to be
   * requeued after {@code requeueNanos} (null: not requeued) from {@code endNanos}.
   */
  public void succeeded(String key, State state, long endNanos, Long requeueNanos) {
    Objects.requireNonNull(state, "state");
    long due = requeueNanos == null ? endNanos + Long.MAX_VALUE / 4 : endNanos + requeueNanos;
    entries.put(key, new Entry(state, due));
  }

  /** Forgets {@code key} (a failed reconcile, a deleted object). */
  public void forget(String key) {
    entries.remove(key);
  }

  /** How many HelmReleases are remembered (for tests). */
  public int size() {
    return entries.size();
  }
}

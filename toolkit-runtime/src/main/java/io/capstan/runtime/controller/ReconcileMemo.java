package io.capstan.runtime.controller;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per object, what its last successful reconcile started from and when the requeue it
 * asked for is due, so that {@link FluxReconciler} can drop the reconciles a work queue like
 * controller-runtime's would have merged away.
 *
 * <p>Why they happen: the Java Operator SDK (5.2, {@code EventProcessor}) marks an object "under
 * processing" and clears its event flag when it hands the reconcile to the executor, but the
 * reconcile reads the object from the cache only when a worker starts it ({@code
 * ReconcilerExecutor.run}). Every event that arrives in between (a {@code requestedAt} annotation,
 * a source's new artifact, a requeue timer set earlier) sets the flag again, and when the reconcile
 * ends, {@code eventProcessingFinished} submits the object once more although the reconcile already
 * saw that state. controller-runtime's queue holds a key once, so Flux runs no such reconcile.
 *
 * <p>A reconcile is redundant when its {@link State} equals the one the last successful reconcile
 * started from and the requeue that reconcile asked for is not due yet. Failures, retries and
 * deleted objects are forgotten, so they always reconcile.
 */
public final class ReconcileMemo {

  /**
   * What a reconcile of one object depends on, as read when it started.
   *
   * @param uid the object's uid (a recreated object is another object)
   * @param generation {@code metadata.generation}
   * @param requestedAt the {@code reconcile.fluxcd.io/requestedAt} annotation
   * @param finalized whether {@code finalizers.fluxcd.io} is present
   * @param inputs the kind's own inputs ({@link ReconcileInputs})
   */
  public record State(
      String uid, Long generation, String requestedAt, boolean finalized, Object inputs) {

    /** This state with {@code finalized} as given (the reconcile added the finalizer itself). */
    public State withFinalized(boolean finalized) {
      return finalized == this.finalized
          ? this
          : new State(uid, generation, requestedAt, finalized, inputs);
    }
  }

  private record Entry(State state, long dueNanos) {}

  /** "Never due": a reconcile that asked for no requeue. */
  private static final long NEVER = Long.MAX_VALUE / 4;

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

  /** True when the last reconcile of {@code key} asked for no requeue at all. */
  public boolean neverDue(String key, long nowNanos) {
    Entry entry = entries.get(key);
    return entry != null && entry.dueNanos() - nowNanos > NEVER / 2;
  }

  /**
   * Records that a reconcile of {@code key} that started in {@code state} succeeded and asked to be
   * requeued after {@code requeueNanos} (null: not requeued) from {@code endNanos}.
   */
  public void succeeded(String key, State state, long endNanos, Long requeueNanos) {
    Objects.requireNonNull(state, "state");
    long due = requeueNanos == null ? endNanos + NEVER : endNanos + requeueNanos;
    entries.put(key, new Entry(state, due));
  }

  /** Forgets {@code key} (a failed reconcile, a retry, a deleted object). */
  public void forget(String key) {
    entries.remove(key);
  }

  /** How many objects are remembered. */
  public int size() {
    return entries.size();
  }
}

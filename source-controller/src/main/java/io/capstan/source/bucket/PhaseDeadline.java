package io.capstan.source.bucket;

import io.capstan.runtime.reconcile.GoDuration;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of one fetch phase (Go's {@code context.WithTimeout(ctx, spec.timeout)} that Flux
 * puts around the bucket indexation and, separately, around the downloads): every S3 call gets at
 * most the time left, and object bodies still streaming when it passes are aborted. {@link
 * #close()} disarms it.
 */
final class PhaseDeadline implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bucket-deadline");
            t.setDaemon(true);
            return t;
          });

  private final Duration timeout;
  private final long deadlineNanos;
  private final Queue<Runnable> aborts = new ConcurrentLinkedQueue<>();
  private final ScheduledFuture<?> timer;
  private volatile boolean fired;

  PhaseDeadline(Duration timeout) {
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.timer = TIMER.schedule(this::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    fired = true;
    for (Runnable abort; (abort = aborts.poll()) != null; ) {
      try {
        abort.run();
      } catch (RuntimeException e) {
        // Aborting is best effort: the reader fails or ends either way.
      }
    }
  }

  /** The time left, at least one millisecond (the SDK refuses a zero timeout). */
  Duration remaining() {
    return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
  }

  boolean expired() {
    return fired || System.nanoTime() - deadlineNanos >= 0;
  }

  /** Runs {@code abort} when the deadline passes; the returned handle cancels that. */
  Runnable onExpiry(Runnable abort) {
    aborts.add(abort);
    if (fired) {
      fire();
    }
    return () -> aborts.remove(abort);
  }

  /** Go's {@code context deadline exceeded}, naming the timeout. */
  BucketException exceeded(Throwable cause) {
    return new BucketException(
        "context deadline exceeded (timeout " + GoDuration.format(timeout) + ")", cause);
  }

  @Override
  public void close() {
    timer.cancel(false);
    aborts.clear();
  }
}

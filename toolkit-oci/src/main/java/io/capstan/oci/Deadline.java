package io.capstan.oci;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One operation's deadline (Go's {@code context.WithTimeout}): requests get at most the time left,
 * and when it passes every response body still open is closed, so a registry that trickles a body
 * cannot hold the operation past it. {@link #close()} disarms the timer.
 */
final class Deadline implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "oci-deadline");
            t.setDaemon(true);
            return t;
          });

  private final Duration timeout;
  private final long deadlineNanos;
  private final Queue<Closeable> open = new ConcurrentLinkedQueue<>();
  private final ScheduledFuture<?> timer;
  private volatile boolean fired;

  Deadline(Duration timeout) {
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.timer = TIMER.schedule(this::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    fired = true;
    for (Closeable c; (c = open.poll()) != null; ) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        // Closing is all we can do; the reader sees the stream end.
      }
    }
  }

  /** The time left, never negative. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Whether the deadline has passed. */
  boolean expired() {
    return fired || System.nanoTime() - deadlineNanos >= 0;
  }

  /** Closes {@code body} when the deadline passes (if it is still open by then). */
  void watch(Closeable body) {
    open.add(body);
    if (fired) {
      fire();
    }
  }

  /**
   * The operation's timeout, in Go's duration syntax ({@code 2s}, {@code 1500ms}, {@code 1m0s}).
   */
  String timeoutText() {
    long ms = timeout.toMillis();
    if (ms % 1000 != 0 || ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return (h > 0 ? h + "h" : "") + m + "m" + (s % 60) + "s";
  }

  /** Go's {@code context deadline exceeded}, with the timeout that expired. */
  OciException.DeadlineExceeded exceeded(String what, Throwable cause) {
    return new OciException.DeadlineExceeded(
        (what == null ? "" : what + ": ")
            + "context deadline exceeded (timeout "
            + timeoutText()
            + ")",
        cause);
  }

  @Override
  public void close() {
    timer.cancel(false);
    open.clear();
  }
}

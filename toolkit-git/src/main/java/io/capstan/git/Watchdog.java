package io.capstan.git;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a checkout's deadline on the calling thread: when it passes, runs an abort action and
 * interrupts the caller, so an operation blocked inside the SSH client (whose own timeouts are
 * minutes long) fails now. Closing it before the deadline disarms it; an interrupt it caused is
 * cleared on close so it never leaks to the caller.
 */
final class Watchdog implements AutoCloseable {

  private final Thread caller = Thread.currentThread();
  private final CompletableFuture<Void> timer;
  private boolean finished;
  private boolean fired;

  Watchdog(Duration timeout, Runnable abort) {
    this.timer =
        CompletableFuture.runAsync(
            () -> fire(abort),
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  private void fire(Runnable abort) {
    synchronized (this) {
      if (finished) {
        return;
      }
      fired = true;
      caller.interrupt();
    }
    abort.run();
  }

  /** Whether the deadline passed before the operation finished. */
  synchronized boolean fired() {
    return fired;
  }

  @Override
  public void close() {
    boolean clear;
    synchronized (this) {
      finished = true;
      clear = fired;
    }
    timer.cancel(false);
    if (clear) {
      Thread.interrupted();
    }
  }
}

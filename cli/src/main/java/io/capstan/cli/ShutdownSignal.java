package io.capstan.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) for a long-running command: {@link #await()} returns when the JVM is asked to
 * stop, when {@link #stop()} is called or when the waiting thread is interrupted. The JVM's
 * shutdown hook then waits (up to a minute) until the command has {@link #close() closed}
 * everything, so processes and temporary files are cleaned up before the JVM exits.
 */
final class ShutdownSignal implements AutoCloseable {

  private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(60);

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook;

  private ShutdownSignal() {
    hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                cleanedUp.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "capstan-shutdown");
  }

  /** A signal raised by the JVM's shutdown (Ctrl-C, SIGTERM). */
  static ShutdownSignal onJvmShutdown() {
    ShutdownSignal signal = new ShutdownSignal();
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** Raises the signal. */
  void stop() {
    stop.countDown();
  }

  /** True once the signal was raised. */
  boolean stopped() {
    return stop.getCount() == 0;
  }

  /**
   * Waits up to {@code timeout} for the signal; true when it was raised. An interrupt of the
   * waiting thread counts as the signal (the interrupt flag is consumed so that cleanup can wait).
   */
  boolean await(Duration timeout) {
    try {
      return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      stop.countDown();
      return true;
    }
  }

  /** Waits for the signal (see {@link #await(Duration)}). */
  void await() {
    while (!await(Duration.ofDays(1))) {
      // keep waiting
    }
  }

  /** Tells a waiting shutdown hook that cleanup is done and unregisters it when possible. */
  @Override
  public void close() {
    cleanedUp.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running and just got released
    }
  }
}

package io.capstan.runtime.process;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reconcile thread pool of a {@link ControllerGroup}: at most {@code maxThreads} reconciles at
 * once, as the Java Operator SDK's default {@code Executors.newFixedThreadPool(max)}, but a task
 * goes to an idle thread before a new thread is started, and threads beyond the first end after
 * {@code keepAlive} idle. The fixed pool starts a new thread for every task until it holds {@code
 * max} (the sum of the controllers' {@code --concurrent}: 22 threads after the first minute of the
 * {@code run --local} demo, whose reconciles never overlap much) and keeps them all for good (issue
 * #19, "run --local idle memory" in BENCHMARKS.md).
 *
 * <p>How: the queue's {@code offer} only hands a task to a thread waiting for one ({@link
 * LinkedTransferQueue#tryTransfer}); when none waits the executor starts a thread, up to the
 * maximum; at the maximum the task is queued (the rejection handler), and the first, never-idling
 * thread guarantees that a queued task is always taken.
 */
final class ReconcileExecutor {

  private ReconcileExecutor() {}

  /** A pool of up to {@code maxThreads} threads named {@code reconciler-N}. */
  static ThreadPoolExecutor create(int maxThreads, Duration keepAlive) {
    if (maxThreads < 1) {
      throw new IllegalArgumentException("maxThreads must be at least 1: " + maxThreads);
    }
    HandOffQueue queue = new HandOffQueue();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread = new ReconcilerThread(task, "reconciler-" + count.incrementAndGet());
          thread.setDaemon(false);
          return thread;
        };
    return new ThreadPoolExecutor(
        1,
        maxThreads,
        keepAlive.toMillis(),
        TimeUnit.MILLISECONDS,
        queue,
        threads,
        (task, pool) -> {
          if (pool.isShutdown()) {
            throw new RejectedExecutionException("the reconcile pool is shut down");
          }
          queue.put(task); // every thread busy: queued for the next free one
        });
  }

  /**
   * A thread of this pool (the SDK renames it while it reconciles, {@code
   * ReconcilerExecutor-<controller>-<id>}; the type tells it apart).
   */
  static final class ReconcilerThread extends Thread {
    ReconcilerThread(Runnable task, String name) {
      super(task, name);
    }
  }

  /** A queue whose {@code offer} succeeds only when a thread is waiting to take the task. */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean offer(Runnable task) {
      return tryTransfer(task);
    }
  }
}

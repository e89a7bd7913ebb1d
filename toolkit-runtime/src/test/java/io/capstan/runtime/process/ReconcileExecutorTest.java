package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReconcileExecutorTest {

  private ThreadPoolExecutor pool;

  @AfterEach
  void shutdown() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("tasks one after another run on one thread (a fixed pool would start one per task)")
  void sequentialTasksReuseOneThread() throws Exception {
    pool = ReconcileExecutor.create(8, Duration.ofSeconds(60));
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 20; i++) {
      pool.submit(() -> threads.add(Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);
      // the worker is back waiting for a task before the next one comes (a task that comes while
      // it is between two tasks starts a second thread, which ends after the keep-alive)
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> ((LinkedTransferQueue<Runnable>) pool.getQueue()).hasWaitingConsumer());
    }

    assertThat(threads).containsExactly("reconciler-1");
    assertThat(pool.getLargestPoolSize()).isOne();
  }

  @Test
  @DisplayName("at most max tasks run at once, the others wait and all of them run")
  void boundedConcurrencyQueuesTheRest() throws Exception {
    int max = 3;
    pool = ReconcileExecutor.create(max, Duration.ofSeconds(60));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    List<Future<?>> futures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < max + 4; i++) {
      futures.add(
          pool.submit(
              () -> {
                highest.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                running.decrementAndGet();
                return null;
              }));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == max);
    assertThat(pool.getQueue()).hasSize(4);

    release.countDown();
    for (Future<?> future : futures) {
      future.get(10, TimeUnit.SECONDS);
    }

    assertThat(highest.get()).isEqualTo(max);
    assertThat(pool.getLargestPoolSize()).isEqualTo(max);
    // a worker counts its task as completed just after the task's future completes
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.getCompletedTaskCount() == max + 4L);
  }

  @Test
  @DisplayName("threads beyond the first end after the keep-alive; the first stays")
  void idleThreadsEnd() throws Exception {
    pool = ReconcileExecutor.create(4, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 4; i++) {
      pool.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.getPoolSize() == 4);
    release.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> pool.getPoolSize() == 1);
    // and the remaining thread still runs what comes
    assertThat(pool.submit(() -> 42).get(10, TimeUnit.SECONDS)).isEqualTo(42);
  }

  @Test
  @DisplayName("a shut-down pool rejects new tasks")
  void shutDownRejects() {
    pool = ReconcileExecutor.create(2, Duration.ofSeconds(60));
    pool.shutdown();

    assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }
}

package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability row: the API server answering with 1 s latency (every chunk, both directions) for 2
 * minutes, between source-controller (its own JVM) and the API server ({@link
 * SourceFixture#apiProxy}). While it lasts, a new commit must still converge (timeouts honoured: no
 * request gives up for good, the watch is re-established), without thread or connection exhaustion;
 * once healed, the next commit converges as fast as usual.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("API server with 1 s latency for 2 minutes: source-controller converges throughout")
class ApiServerLatencyFaultsTest {

  private static final Duration LATENCY = Duration.ofSeconds(1);
  private static final Duration FAULT = Duration.ofMinutes(2);

  private SourceFixture fx;
  private int version = 1;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    fx = new SourceFixture(tmp, tmp.resolve("storage"), "api-latency", true);
    report(
        "api-latency baseline ready", fx.awaitReadyAt(fx.headRevision(), Duration.ofSeconds(120)));
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private RevCommit commit() {
    version++;
    return fx.repository.commit(
        BRANCH, "v" + version, Map.of("app/config.yaml", "version: " + version + "\n"));
  }

  /** The controller JVM's thread count, from /proc (Linux). */
  private int threads() {
    long pid = fx.sourceController().pids().get(0);
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring("Threads:".length()).trim());
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  @Test
  @DisplayName(
      "1 s latency on every API chunk for 2 minutes: commits made meanwhile converge, threads and"
          + " connections stay bounded; healed: the next commit converges at once")
  void latencyForTwoMinutes() throws Exception {
    int threadsBefore = threads();
    AtomicInteger maxThreads = new AtomicInteger(threadsBefore);
    AtomicInteger maxConnections = new AtomicInteger(fx.apiProxy.openConnections());
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(
        () -> {
          maxThreads.accumulateAndGet(threads(), Math::max);
          maxConnections.accumulateAndGet(fx.apiProxy.openConnections(), Math::max);
        },
        0,
        500,
        TimeUnit.MILLISECONDS);
    try {
      fx.apiProxy.latency(LATENCY);
      long faultStart = System.nanoTime();

      RevCommit during = commit();
      Duration underLatency = fx.awaitReadyAt(revision(during), FAULT);
      report("api-latency 1s: converge during the fault", underLatency);

      // A second commit late in the window: the watch and the reconcile loop are still alive.
      long elapsed = System.nanoTime() - faultStart;
      Thread.sleep(Math.max(0, FAULT.minusSeconds(40).toNanos() - elapsed) / 1_000_000);
      RevCommit late = commit();
      report(
          "api-latency 1s: converge late in the fault",
          fx.awaitReadyAt(revision(late), Duration.ofSeconds(40)));
      assertThat(fx.sourceController().isAlive()).isTrue();

      long left = FAULT.toNanos() - (System.nanoTime() - faultStart);
      if (left > 0) {
        Thread.sleep(left / 1_000_000);
      }
      fx.apiProxy.heal();
      RevCommit after = commit();
      report(
          "api-latency healed: converge on the next commit",
          fx.awaitReadyAt(revision(after), Duration.ofSeconds(60)));
      fx.assertArtifactServed(revision(after));
      fx.assertOneArtifactPerRevision();
    } finally {
      sampler.shutdownNow();
    }
    System.err.printf(
        "[capstan-faults] api-latency: threads %d before, %d max; API connections max %d%n",
        threadsBefore, maxThreads.get(), maxConnections.get());
    assertThat(fx.sourceController().isAlive()).isTrue();
    assertThat(maxThreads.get()).as("threads").isLessThan(threadsBefore + 40);
    assertThat(maxConnections.get()).as("open API connections").isLessThan(30);
  }
}

package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.INTERVAL;
import static io.capstan.e2e.faults.SourceFixture.condition;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix row (b): the Git server down, then slow, then flapping, between
 * source-controller (its own JVM, from its jar) and the Git server, through a FaultProxy. While a
 * fault lasts the GitRepository says so precisely and keeps serving its last artifact (one artifact
 * per revision, no churn); when it heals the newest commit is fetched. Times to converge are
 * printed as {@code [capstan-faults]} lines (RELIABILITY.md is filled from them).
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Git server faults between source-controller and its Git server")
class GitServerFaultsTest {

  private static final String GIT_FAILED = "GitOperationFailed";

  private SourceFixture fx;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    fx = new SourceFixture(tmp, SourceFixture.createDirectories(tmp.resolve("storage")), "git");
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("baseline: the first commit becomes the artifact")
  void baseline() throws Exception {
    report("git baseline ready", fx.awaitReadyAt(fx.headRevision(), Duration.ofSeconds(120)));
    fx.assertArtifactServed(fx.headRevision());
  }

  @Test
  @Order(2)
  @DisplayName(
      "Git server down: FetchFailed/GitOperationFailed while it lasts, last artifact kept and"
          + " served; back up: the commit made meanwhile is fetched")
  void down() throws Exception {
    String before = fx.artifact().orElseThrow().getRevision();
    fx.proxy.down();
    RevCommit meanwhile =
        fx.repository.commit(BRANCH, "v2", Map.of("app/config.yaml", "version: 2\n"));
    String message = fx.awaitFailure("FetchFailed", GIT_FAILED, Duration.ofSeconds(60));
    System.err.println("[capstan-faults] Git server down message: " + message);
    assertThat(message).startsWith("failed to checkout and determine revision");
    // Several intervals of outage: the artifact stays and is served.
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
    assertThat(condition(fx.gitRepository(), "FetchFailed")).isPresent();
    fx.assertArtifactServed(before);

    fx.proxy.up();
    report(
        "git down -> up, converge", fx.awaitReadyAt(revision(meanwhile), Duration.ofSeconds(60)));
    fx.assertArtifactServed(revision(meanwhile));
  }

  @Test
  @Order(3)
  @DisplayName(
      "Git server slower than spec.timeout: a precise fetch failure, artifact kept; slow but within"
          + " the timeout: the new commit is fetched")
  void slow() throws Exception {
    String before = fx.artifact().orElseThrow().getRevision();
    fx.proxy.latency(Duration.ofSeconds(10));
    fx.proxy.dropConnections();
    RevCommit next = fx.repository.commit(BRANCH, "v3", Map.of("app/config.yaml", "version: 3\n"));
    String message = fx.awaitFailure("FetchFailed", GIT_FAILED, Duration.ofSeconds(90));
    System.err.println("[capstan-faults] slow Git server message: " + message);
    fx.assertArtifactServed(before);

    fx.proxy.latency(Duration.ofMillis(300));
    report(
        "git slow (300 ms per chunk), converge",
        fx.awaitReadyAt(revision(next), Duration.ofSeconds(90)));
    fx.proxy.heal();
  }

  @Test
  @Order(4)
  @DisplayName(
      "Git server flapping (50% of connections reset): converges on the newest commit, one artifact"
          + " per revision (no churn)")
  void flapping() throws Exception {
    fx.proxy.resetFraction(0.5);
    // JGit keeps one HTTP connection alive across fetches: drop it every 500 ms so every fetch
    // needs new connections, half of which are reset.
    ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor();
    dropper.scheduleWithFixedDelay(fx.proxy::dropConnections, 0, 500, TimeUnit.MILLISECONDS);
    int resetsBefore = fx.proxy.resetConnections();
    int acceptedBefore = fx.proxy.acceptedConnections();
    RevCommit next = fx.repository.commit(BRANCH, "v4", Map.of("app/config.yaml", "version: 4\n"));
    report("git flapping 50%, converge", fx.awaitReadyAt(revision(next), Duration.ofSeconds(120)));
    // Keep flapping a few more intervals: the artifact must not be rewritten.
    String digest = fx.artifact().orElseThrow().getDigest();
    Thread.sleep(INTERVAL.multipliedBy(5).toMillis());
    assertThat(fx.artifact().orElseThrow().getDigest()).isEqualTo(digest);
    System.err.printf(
        "[capstan-faults] flapping: %d of %d connections reset%n",
        fx.proxy.resetConnections() - resetsBefore,
        fx.proxy.acceptedConnections() - acceptedBefore);
    assertThat(fx.proxy.resetConnections()).isGreaterThan(resetsBefore);
    dropper.shutdownNow();
    fx.proxy.heal();

    RevCommit last = fx.repository.commit(BRANCH, "v5", Map.of("app/config.yaml", "version: 5\n"));
    report("git healed, converge", fx.awaitReadyAt(revision(last), Duration.ofSeconds(60)));
    fx.assertArtifactServed(revision(last));
    fx.assertOneArtifactPerRevision();
    assertThat(fx.sourceController().isAlive()).isTrue();
  }
}

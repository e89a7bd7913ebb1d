package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix row (g), source side: 100 commits within a minute. source-controller fetches
 * the branch head at each reconcile, so it must end at the newest commit without working through a
 * backlog (far fewer artifacts than commits), one artifact per revision, and bounded memory.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("a burst of 100 commits in a minute")
class CommitBurstFaultsTest {

  private SourceFixture fx;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    fx = new SourceFixture(tmp, SourceFixture.createDirectories(tmp.resolve("storage")), "burst");
    report("burst baseline ready", fx.awaitReadyAt(fx.headRevision(), Duration.ofSeconds(120)));
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private long rssKib() throws IOException {
    long pid = fx.sourceController().pids().get(0);
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  @Test
  @DisplayName(
      "100 commits in 60 s: the newest becomes the artifact, no backlog, one artifact per revision,"
          + " bounded memory")
  void burst() throws Exception {
    long rssBefore = rssKib();
    Set<String> revisionsSeen = ConcurrentHashMap.newKeySet();
    RevCommit last = null;
    long begin = System.nanoTime();
    for (int i = 1; i <= 100; i++) {
      last = fx.repository.commit(BRANCH, "burst " + i, Map.of("app/burst.yaml", "n: " + i + "\n"));
      fx.artifact().map(Artifact::getRevision).ifPresent(revisionsSeen::add);
      Thread.sleep(Math.max(0, begin / 1_000_000 + i * 600L - System.nanoTime() / 1_000_000));
    }
    Duration burst = Duration.ofNanos(System.nanoTime() - begin);
    Duration converge = fx.awaitReadyAt(revision(last), Duration.ofSeconds(60));
    report(
        "burst of 100 commits in " + burst.toSeconds() + " s, converge after the last", converge);
    fx.assertArtifactServed(revision(last));
    fx.assertOneArtifactPerRevision();

    long rssAfter = rssKib();
    System.err.printf(
        "[capstan-faults] burst: %d artifact revisions observed for 100 commits; RSS %d -> %d KiB%n",
        revisionsSeen.size(), rssBefore, rssAfter);
    assertThat(revisionsSeen.size()).as("artifact revisions observed").isLessThan(100);
    // -Xmx256m: the process stays well under heap + metaspace + code cache.
    assertThat(rssAfter).isLessThan(600 * 1024);
  }
}

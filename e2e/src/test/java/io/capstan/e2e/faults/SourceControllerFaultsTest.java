package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.BRANCH;
import static io.capstan.e2e.faults.SourceFixture.INTERVAL;
import static io.capstan.e2e.faults.SourceFixture.report;
import static io.capstan.e2e.faults.SourceFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.fault.SizeLimitedDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 * Reliability matrix rows around source-controller itself and what it stands on: kill -9 mid-work
 * (d), artifact storage full (e), etcd restarted (f), and the API server down for 60 s (a, without
 * a workload rollout: source-controller only). The artifact storage is a 4 MiB tmpfs ({@link
 * SizeLimitedDirectory}), so the class is skipped when not running as root.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("source-controller faults: kill -9, storage full, etcd restart, API server down")
class SourceControllerFaultsTest {

  private SizeLimitedDirectory storage;
  private SourceFixture fx;
  private int version = 1;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    storage = SizeLimitedDirectory.mount(tmp.resolve("storage"), 4 << 20);
    fx = new SourceFixture(tmp, storage.path(), "source");
    report("source baseline ready", fx.awaitReadyAt(fx.headRevision(), Duration.ofSeconds(120)));
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
    if (storage != null) {
      storage.close();
    }
  }

  private RevCommit commit() {
    version++;
    return fx.repository.commit(
        BRANCH, "v" + version, Map.of("app/config.yaml", "version: " + version + "\n"));
  }

  @Test
  @Order(1)
  @DisplayName(
      "kill -9 of source-controller while it fetches through a slow link: a restart converges")
  void killNineMidWork() throws Exception {
    // Slow enough that a fetch is in flight when the process dies.
    fx.proxy.latency(Duration.ofMillis(500));
    RevCommit next = commit();
    long begin = System.nanoTime();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.proxy.openConnections() > 0);
    fx.killSourceController();
    fx.proxy.heal();
    fx.startSourceController();
    fx.awaitReadyAt(revision(next), Duration.ofSeconds(120));
    report("source kill -9 mid-fetch, converge", Duration.ofNanos(System.nanoTime() - begin));
    fx.assertArtifactServed(revision(next));
    fx.assertOneArtifactPerRevision();
  }

  @Test
  @Order(2)
  @DisplayName(
      "artifact storage full: Ready=False saying no space left, the previous artifact still"
          + " served; space freed: recovers")
  void storageFull() throws Exception {
    String before = fx.artifact().orElseThrow().getRevision();
    storage.fill();
    RevCommit next = commit();
    String message = awaitNoSpaceLeft();
    System.err.println("[capstan-faults] storage full message: " + message);
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
    fx.assertArtifactServed(before);

    storage.free();
    report(
        "source storage freed, converge", fx.awaitReadyAt(revision(next), Duration.ofSeconds(180)));
    fx.assertArtifactServed(revision(next));
    fx.assertOneArtifactPerRevision();
  }

  /** Ready=False with a message naming the full disk, whatever step noticed it. */
  private String awaitNoSpaceLeft() {
    String[] message = new String[1];
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var ready = SourceFixture.condition(fx.gitRepository(), "Ready").orElseThrow();
              assertThat(ready.getStatus()).hasToString("False");
              assertThat(ready.getMessage()).contains("No space left on device");
              message[0] = ready.getReason() + ": " + ready.getMessage();
            });
    return message[0];
  }

  /**
   * As in Flux: the checkout goes to the temporary directory ({@code java.io.tmpdir}, Flux's {@code
   * os.MkdirTemp("", ...)}), not to the storage, so a full storage fails only the archive step,
   * with {@code StorageOperationFailed}/{@code ArchiveOperationFailed}.
   */
  @Test
  @Order(5)
  @DisplayName("artifact storage full: StorageOperationFailed/ArchiveOperationFailed, as in Flux")
  void storageFullIsAStorageFailure() throws Exception {
    String before = fx.artifact().orElseThrow().getRevision();
    storage.fill();
    RevCommit next = commit();
    String message =
        fx.awaitFailure("StorageOperationFailed", "ArchiveOperationFailed", Duration.ofSeconds(60));
    assertThat(message).startsWith("unable to archive artifact to storage: ");
    assertThat(message).contains("No space left on device");
    assertThat(SourceFixture.condition(fx.gitRepository(), "FetchFailed")).isEmpty();
    fx.assertArtifactServed(before);
    storage.free();
    report(
        "source storage full (StorageOperationFailed) freed, converge",
        fx.awaitReadyAt(revision(next), Duration.ofSeconds(60)));
    fx.assertArtifactServed(revision(next));
    fx.assertOneArtifactPerRevision();
  }

  @Test
  @Order(3)
  @DisplayName("etcd stopped and restarted with its data: a commit made meanwhile is applied")
  void etcdRestart() throws Exception {
    fx.plane.stopEtcd();
    RevCommit next = commit();
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
    long begin = System.nanoTime();
    fx.plane.startEtcd();
    fx.awaitReadyAt(revision(next), Duration.ofSeconds(120));
    report("etcd restart, converge after etcd start", Duration.ofNanos(System.nanoTime() - begin));
    assertThat(fx.sourceController().isAlive()).isTrue();
    fx.assertOneArtifactPerRevision();
  }

  @Test
  @Order(4)
  @DisplayName(
      "API server down 60 s: source-controller survives and converges on a commit made meanwhile")
  void apiServerDown() throws Exception {
    fx.plane.stopApiServer();
    RevCommit next = commit();
    Thread.sleep(60_000);
    assertThat(fx.sourceController().isAlive())
        .as("source-controller survives 60 s without the API server")
        .isTrue();
    long begin = System.nanoTime();
    fx.plane.startApiServer();
    fx.awaitReadyAt(revision(next), Duration.ofSeconds(120));
    report(
        "API server down 60 s, converge after start", Duration.ofNanos(System.nanoTime() - begin));
    fx.assertArtifactServed(revision(next));
    fx.assertOneArtifactPerRevision();
  }
}

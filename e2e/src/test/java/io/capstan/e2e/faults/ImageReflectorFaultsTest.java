package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.image.v1.ScanResult;
import io.capstan.testing.oci.OciRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * Reliability matrix rows (j): image-reflector-controller (its own JVM, from its jar) against a
 * real registry behind a FaultProxy. Registry down for several intervals, registry slower than
 * {@code spec.timeout}, and {@code kill -9} of the controller. While a fault lasts the
 * ImageRepository is {@code Ready=False ReadOperationFailed}, its {@code lastScanResult} and stored
 * tags are kept and the ImagePolicy keeps its latest image; the next scan after healing converges.
 * Times to converge are printed as {@code [capstan-faults]} lines (RELIABILITY.md is filled from
 * them).
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("image-reflector-controller faults: registry down, registry slow, kill -9")
class ImageReflectorFaultsTest {

  private static final String REPO = "webapp";
  private static final String POLICY = "webapp";
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final String READ_FAILED = "ReadOperationFailed";

  private ImageFixture fx;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    fx = new ImageFixture(tmp);
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("baseline: 2 tags scanned, the policy selects 1.1.0")
  void baseline() {
    fx.push("1.0.0");
    fx.push("1.1.0");
    fx.applyImageRepository(REPO, "2s", "2s");
    fx.applyImagePolicy(POLICY, REPO, ">=1.0.0");
    report(
        "image baseline selected",
        fx.awaitSelected(REPO, 2, POLICY, "1.1.0", Duration.ofSeconds(120)));
  }

  @Test
  @Order(2)
  @DisplayName(
      "registry down for several intervals: Ready=False ReadOperationFailed, lastScanResult and the"
          + " policy's latest image kept; back up: the tag pushed meanwhile is selected on the next"
          + " scan")
  void registryDown() throws Exception {
    ScanResult before = fx.lastScan(REPO).orElseThrow();
    fx.proxy.down();
    fx.push("1.2.0");
    String message = fx.awaitRepositoryFailure(REPO, READ_FAILED, Duration.ofSeconds(60));
    System.err.println("[capstan-faults] registry down message: " + message);
    assertThat(message).isNotBlank();
    // Several intervals of outage: the scan result, the stored tags and the selection stand.
    for (int i = 0; i < 4; i++) {
      Thread.sleep(INTERVAL.toMillis());
      assertThat(fx.repositoryCondition(REPO, "Ready").orElseThrow().getReason())
          .isEqualTo(READ_FAILED);
      ScanResult during = fx.lastScan(REPO).orElseThrow();
      assertThat(during.getRevision()).isEqualTo(before.getRevision());
      assertThat(during.getTagCount()).isEqualTo(2);
      assertThat(during.getLatestTags()).containsExactly("1.1.0", "1.0.0");
      assertThat(fx.latestTag(POLICY)).contains("1.1.0");
      assertThat(fx.policyCondition(POLICY, "Ready").orElseThrow().getStatus()).hasToString("True");
    }
    fx.proxy.up();
    report(
        "registry down -> up, 1.2.0 selected",
        fx.awaitSelected(REPO, 3, POLICY, "1.2.0", Duration.ofSeconds(60)));
    assertThat(fx.lastScan(REPO).orElseThrow().getLatestTags())
        .containsExactly("1.2.0", "1.1.0", "1.0.0");
    assertThat(fx.imagePolicy(POLICY).getStatus().getObservedPreviousRef().getTag())
        .isEqualTo("1.1.0");
  }

  @Test
  @Order(3)
  @DisplayName(
      "registry slower than spec.timeout: Ready=False ReadOperationFailed, selection kept; fast"
          + " again: the new tag is selected")
  void registrySlow() throws Exception {
    fx.proxy.latency(Duration.ofSeconds(5));
    fx.proxy.dropConnections();
    fx.push("1.3.0");
    String message = fx.awaitRepositoryFailure(REPO, READ_FAILED, Duration.ofSeconds(90));
    System.err.println("[capstan-faults] slow registry message: " + message);
    assertThat(message).isNotBlank();
    assertThat(fx.lastScan(REPO).orElseThrow().getTagCount()).isEqualTo(3);
    assertThat(fx.latestTag(POLICY)).contains("1.2.0");

    fx.proxy.heal();
    report(
        "registry slow -> healed, 1.3.0 selected",
        fx.awaitSelected(REPO, 4, POLICY, "1.3.0", Duration.ofSeconds(60)));
  }

  @Test
  @Order(4)
  @DisplayName(
      "kill -9 of image-reflector-controller: restarted on the same storage, a policy created"
          + " meanwhile evaluates from the persisted tags without a rescan")
  void killNine() throws Exception {
    // A repository scanned once an hour: after the restart nothing is due, so the controller must
    // use the tags it persisted before the kill.
    fx.applyImageRepository("hourly", "1h", "10s");
    fx.applyImagePolicy("hourly", "hourly", ">=1.0.0");
    fx.awaitSelected("hourly", 4, "hourly", "1.3.0", Duration.ofSeconds(60));
    ScanResult scanned = fx.lastScan("hourly").orElseThrow();

    fx.controller().killHard();
    long killed = System.nanoTime();
    // The registry is unreachable from now on: a rescan would fail with ReadOperationFailed.
    fx.proxy.down();
    fx.push("1.4.0");
    fx.applyImagePolicy("hourly-1-1", "hourly", "~1.1.0");
    fx.startController();
    fx.awaitSelected("hourly", 4, "hourly-1-1", "1.1.0", Duration.ofSeconds(120));
    report("image-reflector kill -9 -> restarted policy selected", since(killed));
    ScanResult after = fx.lastScan("hourly").orElseThrow();
    assertThat(after.getScanTime()).isEqualTo(scanned.getScanTime());
    assertThat(after.getRevision()).isEqualTo(scanned.getRevision());
    assertThat(fx.repositoryCondition("hourly", "Ready").orElseThrow().getStatus())
        .hasToString("True");
    assertThat(fx.latestTag("hourly")).contains("1.3.0");

    fx.proxy.up();
    report(
        "image-reflector after kill -9, registry back: 1.4.0 selected",
        fx.awaitSelected(REPO, 5, POLICY, "1.4.0", Duration.ofSeconds(60)));
    // Nothing lost, nothing selected twice, never an older tag after a newer one.
    assertThat(fx.latestTagsSeen(POLICY)).containsExactly("1.1.0", "1.2.0", "1.3.0", "1.4.0");
    assertThat(fx.latestTagsSeen("hourly")).containsExactly("1.3.0");
    assertThat(fx.latestTagsSeen("hourly-1-1")).isEqualTo(List.of("1.1.0"));
    assertThat(fx.controller().isAlive()).isTrue();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}

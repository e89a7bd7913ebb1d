package io.capstan.e2e.faults;

import static io.capstan.e2e.faults.SourceFixture.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.meta.Condition;
import io.capstan.testing.git.GitRequestLog;
import io.capstan.testing.oci.OciRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
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
 * Reliability matrix rows (k): image-automation-controller (its own JVM, from its jar) pushing to a
 * Git server behind a FaultProxy; image-reflector-controller selects the tags (same {@link
 * ImageFixture}). Git server down when an update is due → {@code Ready=False GitOperationFailed},
 * nothing pushed, and after healing exactly one commit for the update; {@code kill -9} of the
 * controller after it committed and while it pushes → after the restart exactly one commit for the
 * update lands; a push the Git server refuses → {@code Ready=False GitOperationFailed}, nothing
 * lands, and exactly one commit once pushes are accepted again.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName(
    "image-automation-controller faults: Git server down, kill -9 between commit and push, push"
        + " rejected")
class ImageAutomationFaultsTest {

  private static final String POLICY = "webapp";
  private static final String AUTOMATION = "webapp";
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private ImageFixture fx;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
    fx = new ImageFixture(tmp);
    fx.startAutomation(tmp, "1.0.0", POLICY);
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private String tagInRemote() {
    String deployment = fx.deploymentAt(fx.repository.head(ImageFixture.BRANCH));
    return deployment.substring(deployment.indexOf(fx.image + ":") + fx.image.length() + 1)
        .split(" ")[0];
  }

  /** Waits until the automation is Ready=True and the remote's head is {@code lastPushCommit}. */
  private Duration awaitPushed(String tag, Duration timeout) {
    long start = System.nanoTime();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(tagInRemote()).isEqualTo(tag);
              ImageUpdateAutomation a = fx.automation(AUTOMATION);
              assertThat(a.getStatus().getLastPushCommit())
                  .isEqualTo(fx.repository.head(ImageFixture.BRANCH).name());
              assertThat(fx.automationCondition(AUTOMATION, "Ready").orElseThrow().getStatus())
                  .hasToString("True");
            });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The remote's log: exactly one commit more than {@code before}, changing only the tag. */
  private void assertExactlyOneCommit(List<RevCommit> before, String from, String to)
      throws Exception {
    List<RevCommit> after = fx.remoteLog();
    assertThat(after).hasSize(before.size() + 1);
    assertThat(after.subList(1, after.size())).isEqualTo(before);
    RevCommit update = after.get(0);
    assertThat(update.getFullMessage()).isEqualTo("Update image");
    assertThat(fx.deploymentAt(update))
        .isEqualTo(
            fx.deploymentAt(before.get(0)).replace(fx.image + ":" + from, fx.image + ":" + to));
  }

  @Test
  @Order(1)
  @DisplayName("baseline: the policy selects 1.0.0, the automation is Ready and commits nothing")
  void baseline() throws Exception {
    fx.push("1.0.0");
    fx.applyImageRepository("webapp", "2s", "2s");
    fx.applyImagePolicy(POLICY, "webapp", ">=1.0.0");
    fx.awaitSelected("webapp", 1, POLICY, "1.0.0", Duration.ofSeconds(120));
    List<RevCommit> before = fx.remoteLog();
    fx.applyAutomation(AUTOMATION, "2s");
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              ImageUpdateAutomation a = fx.automation(AUTOMATION);
              assertThat(a.getStatus().getLastAutomationRunTime()).isNotNull();
              assertThat(fx.automationCondition(AUTOMATION, "Ready").orElseThrow().getStatus())
                  .hasToString("True");
            });
    assertThat(fx.remoteLog()).isEqualTo(before);
  }

  @Test
  @Order(2)
  @DisplayName(
      "Git server down when 1.1.0 is selected: Ready=False GitOperationFailed, nothing pushed; back"
          + " up: exactly one commit for the update, none after it")
  void gitServerDown() throws Exception {
    List<RevCommit> before = fx.remoteLog();
    fx.gitProxy.down();
    fx.push("1.1.0");
    fx.awaitSelected("webapp", 2, POLICY, "1.1.0", Duration.ofSeconds(60));
    String message = awaitGitFailure();
    System.err.println("[capstan-faults] Git server down at update time: " + message);
    assertThat(message).isNotBlank();
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
    assertThat(fx.remoteLog()).isEqualTo(before);

    fx.gitProxy.up();
    report("automation Git down -> up, pushed", awaitPushed("1.1.0", Duration.ofSeconds(90)));
    // Several more intervals: the update is not committed again.
    Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
    assertExactlyOneCommit(before, "1.0.0", "1.1.0");
  }

  @Test
  @Order(3)
  @DisplayName(
      "kill -9 after the commit, while the push is on the wire: restarted, exactly one commit for"
          + " the update lands")
  void killNineBetweenCommitAndPush() throws Exception {
    List<RevCommit> before = fx.remoteLog();
    // Every chunk delayed: the push's request reaches the server well before its pack does.
    fx.gitProxy.latency(Duration.ofMillis(1500));
    fx.gitProxy.dropConnections();
    fx.gitServer.requests().clear();
    fx.push("1.2.0");
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                fx.gitServer.requests().all().stream()
                    .anyMatch(r -> r.target().contains("service=git-receive-pack")));
    fx.automationController().killHard();
    long killed = System.nanoTime();
    List<GitRequestLog.Request> seen = fx.gitServer.requests().all();
    System.err.println("[capstan-faults] requests before the kill: " + seen);
    boolean pushLanded = seen.stream().anyMatch(r -> r.kind() == GitRequestLog.Kind.RECEIVE_PACK);
    System.err.println("[capstan-faults] push received before the kill: " + pushLanded);
    Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
    List<RevCommit> afterKill = fx.remoteLog();
    System.err.println(
        "[capstan-faults] remote commits added before the restart: "
            + (afterKill.size() - before.size()));

    fx.gitProxy.heal();
    fx.startAutomationController();
    awaitPushed("1.2.0", Duration.ofSeconds(120));
    report("automation kill -9 mid-push -> pushed", Duration.ofNanos(System.nanoTime() - killed));
    Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
    assertExactlyOneCommit(before, "1.1.0", "1.2.0");
    assertThat(fx.automationController().isAlive()).isTrue();
  }

  @Test
  @Order(4)
  @DisplayName(
      "push rejected by the Git server: Ready=False GitOperationFailed, nothing lands; accepted"
          + " again: exactly one commit for the update")
  void pushRejected() throws Exception {
    List<RevCommit> before = fx.remoteLog();
    fx.rejectPushes();
    fx.push("1.3.0");
    fx.awaitSelected("webapp", 4, POLICY, "1.3.0", Duration.ofSeconds(60));
    String message = awaitGitFailure();
    System.err.println("[capstan-faults] push rejected: " + message);
    assertThat(message).isNotBlank();
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
    assertThat(fx.remoteLog()).isEqualTo(before);

    fx.acceptPushes();
    report(
        "automation push rejected -> accepted, pushed",
        awaitPushed("1.3.0", Duration.ofSeconds(90)));
    Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
    assertExactlyOneCommit(before, "1.2.0", "1.3.0");
  }

  private String awaitGitFailure() {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              Condition ready = fx.automationCondition(AUTOMATION, "Ready").orElseThrow();
              return "False".equals(String.valueOf(ready.getStatus()))
                      && "GitOperationFailed".equals(ready.getReason())
                  ? ready.getMessage()
                  : null;
            },
            m -> m != null);
  }
}

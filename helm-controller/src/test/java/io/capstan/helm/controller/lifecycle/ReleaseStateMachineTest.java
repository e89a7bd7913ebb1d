package io.capstan.helm.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.ReleaseAction;
import io.capstan.api.helm.v2.RemediationStrategy;
import io.capstan.api.helm.v2.TestHookStatus;
import io.capstan.helm.controller.lifecycle.ReleaseState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseStateMachineTest {

  static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  static final String DIGEST = "sha256:values";

  /** A mutable builder of observations, one per table row. */
  static final class Obs {
    ObservedRelease last;
    final Map<Integer, ObservedRelease> stored = new HashMap<>();
    final List<HelmReleaseSnapshot> history = new ArrayList<>();
    String chartVersion = "1.0.0";
    String configDigest = DIGEST;
    boolean testEnabled;
    boolean testIgnoreFailures;
    ReleaseAction lastAction;
    Remediation install =
        new Remediation(ReleaseAction.install, 0, null, false, RemediationStrategy.uninstall, 0);
    Remediation upgrade =
        new Remediation(ReleaseAction.upgrade, 0, null, false, RemediationStrategy.rollback, 0);
    Duration installRetry;
    Duration upgradeRetry;
    boolean force;
    boolean remediated;
    boolean drift;
    boolean correct;
    boolean drifted;
    Instant lastFailure;

    /** A release in storage (and recorded in history unless {@code recorded} is false). */
    Obs release(int version, String status, String chartVersion, boolean recorded) {
      ObservedRelease r =
          new ObservedRelease("app", "apps", version, status, "app", chartVersion, "d" + version);
      stored.put(version, r);
      if (last == null || version > last.version()) {
        last = r;
      }
      if (recorded) {
        HelmReleaseSnapshot s = new HelmReleaseSnapshot();
        s.setName("app");
        s.setNamespace("apps");
        s.setVersion(version);
        s.setStatus(status);
        s.setChartName("app");
        s.setChartVersion(chartVersion);
        s.setDigest("d" + version);
        s.setConfigDigest(DIGEST);
        history.add(s);
      }
      return this;
    }

    Obs release(int version, String status) {
      return release(version, status, "1.0.0", true);
    }

    Obs tested(int version, String... phases) {
      HelmReleaseSnapshot s =
          history.stream().filter(h -> h.getVersion() == version).findFirst().orElseThrow();
      Map<String, TestHookStatus> hooks = new LinkedHashMap<>();
      for (int i = 0; i < phases.length; i++) {
        TestHookStatus t = new TestHookStatus();
        t.setPhase(phases[i]);
        t.setLastStarted("2026-12-06T09:00:00Z");
        hooks.put("test-" + i, t);
      }
      s.setTestHooks(hooks);
      return this;
    }

    Obs attempted(ReleaseAction action, long installFailures, long upgradeFailures) {
      lastAction = action;
      install = install.withFailures(installFailures);
      upgrade = upgrade.withFailures(upgradeFailures);
      return this;
    }

    Obs upgradeRemediation(int retries, Boolean remediateLast, RemediationStrategy strategy) {
      upgrade =
          new Remediation(
              ReleaseAction.upgrade,
              retries,
              null,
              remediateLast == null ? retries > 0 : remediateLast,
              strategy,
              upgrade.failures());
      return this;
    }

    Obs installRetries(int retries, boolean remediateLast) {
      install =
          new Remediation(
              ReleaseAction.install,
              retries,
              null,
              remediateLast,
              RemediationStrategy.uninstall,
              install.failures());
      return this;
    }

    boolean postRenderersChanged;

    Obs set(java.util.function.Consumer<Obs> change) {
      change.accept(this);
      return this;
    }

    Observation build() {
      return new Observation(
          last,
          stored,
          history,
          "app",
          chartVersion,
          configDigest,
          testEnabled,
          testIgnoreFailures,
          lastAction,
          install,
          upgrade,
          installRetry,
          upgradeRetry,
          force,
          remediated,
          drift,
          correct,
          drifted,
          NOW,
          lastFailure,
          postRenderersChanged);
    }

    @Override
    public String toString() {
      return "";
    }
  }

  static Obs obs() {
    return new Obs();
  }

  static Arguments row(String name, Obs o, Status state, Class<? extends NextAction> action) {
    return Arguments.of(name, o, state, action);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row("no release: install", obs(), Status.ABSENT, NextAction.Install.class),
        row(
            "uninstalled, no history: install",
            obs().release(1, "uninstalled", "1.0.0", false),
            Status.ABSENT,
            NextAction.Install.class),
        row(
            "install failed twice, 1 retry: stalled",
            obs().attempted(ReleaseAction.install, 2, 0).installRetries(1, false),
            Status.ABSENT,
            NextAction.Stall.class),
        row(
            "install retries exhausted but forced: install",
            obs().attempted(ReleaseAction.install, 2, 0).set(o -> o.force = true),
            Status.ABSENT,
            NextAction.Install.class),
        row(
            "pending-upgrade: unlock",
            obs().release(1, "deployed").release(2, "pending-upgrade"),
            Status.LOCKED,
            NextAction.Unlock.class),
        row(
            "release made by someone else: upgrade (take over)",
            obs().release(1, "deployed", "1.0.0", false),
            Status.UNMANAGED,
            NextAction.Upgrade.class),
        row(
            "release changed behind our back (helm rollback by hand): upgrade",
            obs().release(1, "deployed").release(2, "deployed", "1.0.0", false),
            Status.UNMANAGED,
            NextAction.Upgrade.class),
        row(
            "in sync: nothing",
            obs().release(1, "deployed"),
            Status.IN_SYNC,
            NextAction.Done.class),
        row(
            "in sync, forced: upgrade",
            obs().release(1, "deployed").set(o -> o.force = true),
            Status.IN_SYNC,
            NextAction.Upgrade.class),
        row(
            "new chart version: upgrade",
            obs().release(1, "deployed").set(o -> o.chartVersion = "1.1.0"),
            Status.OUT_OF_SYNC,
            NextAction.Upgrade.class),
        row(
            "new values: upgrade",
            obs().release(1, "deployed").set(o -> o.configDigest = "sha256:other"),
            Status.OUT_OF_SYNC,
            NextAction.Upgrade.class),
        row(
            "out of sync, upgrade retries exhausted: stalled",
            obs()
                .release(1, "deployed")
                .set(o -> o.configDigest = "sha256:other")
                .attempted(ReleaseAction.upgrade, 0, 1),
            Status.OUT_OF_SYNC,
            NextAction.Stall.class),
        row(
            "tests enabled, not run: test",
            obs().release(1, "deployed").set(o -> o.testEnabled = true),
            Status.UNTESTED,
            NextAction.Test.class),
        row(
            "tests passed: nothing",
            obs()
                .release(1, "deployed")
                .tested(1, "Succeeded")
                .set(o -> o.testEnabled = true)
                .attempted(ReleaseAction.install, 0, 0),
            Status.IN_SYNC,
            NextAction.Done.class),
        row(
            "test failed after install, 1 retry: uninstall remediation",
            obs()
                .release(1, "deployed")
                .tested(1, "Failed")
                .set(o -> o.testEnabled = true)
                .attempted(ReleaseAction.install, 1, 0)
                .installRetries(1, false),
            Status.FAILED,
            NextAction.Uninstall.class),
        row(
            "test failed, failures ignored: nothing",
            obs()
                .release(1, "deployed")
                .tested(1, "Failed")
                .set(
                    o -> {
                      o.testEnabled = true;
                      o.testIgnoreFailures = true;
                    })
                .attempted(ReleaseAction.install, 1, 0),
            Status.IN_SYNC,
            NextAction.Done.class),
        row(
            "upgrade failed, retries left: rollback to the previous release",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 1)
                .upgradeRemediation(3, null, RemediationStrategy.rollback),
            Status.FAILED,
            NextAction.Rollback.class),
        row(
            "upgrade failed, strategy uninstall: uninstall",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 1)
                .upgradeRemediation(3, null, RemediationStrategy.uninstall),
            Status.FAILED,
            NextAction.Uninstall.class),
        row(
            "upgrade failed, no retries, no remediateLastFailure: stalled",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 1),
            Status.FAILED,
            NextAction.Stall.class),
        row(
            "upgrade failed, retries exhausted, remediateLastFailure: rollback",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 4)
                .upgradeRemediation(3, true, RemediationStrategy.rollback),
            Status.FAILED,
            NextAction.Rollback.class),
        row(
            "failed, counters reset (spec changed): upgrade",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 0),
            Status.FAILED,
            NextAction.Upgrade.class),
        row(
            "failed, no action attempted by us: upgrade",
            obs().release(1, "failed"),
            Status.FAILED,
            NextAction.Upgrade.class),
        row(
            "rollback target gone from storage: stalled (MissingRollbackTarget)",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .set(o -> o.stored.remove(1))
                .attempted(ReleaseAction.upgrade, 0, 1)
                .upgradeRemediation(2, null, RemediationStrategy.rollback),
            Status.FAILED,
            NextAction.Stall.class),
        row(
            "RetryOnFailure, interval not elapsed: retry later",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 5)
                .set(
                    o -> {
                      o.upgradeRetry = Duration.ofMinutes(5);
                      o.lastFailure = NOW.minusSeconds(60);
                    }),
            Status.FAILED,
            NextAction.RetryLater.class),
        row(
            "RetryOnFailure, interval elapsed: upgrade (never remediate)",
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 5)
                .set(
                    o -> {
                      o.upgradeRetry = Duration.ofMinutes(5);
                      o.lastFailure = NOW.minusSeconds(600);
                    }),
            Status.FAILED,
            NextAction.Upgrade.class),
        row(
            "RetryOnFailure install failed, interval not elapsed: retry later",
            obs()
                .attempted(ReleaseAction.install, 3, 0)
                .set(
                    o -> {
                      o.installRetry = Duration.ofMinutes(5);
                      o.lastFailure = NOW.minusSeconds(10);
                    }),
            Status.ABSENT,
            NextAction.RetryLater.class),
        row(
            "drift detected, correction enabled: correct",
            obs()
                .release(1, "deployed")
                .set(
                    o -> {
                      o.drift = true;
                      o.correct = true;
                      o.drifted = true;
                    }),
            Status.DRIFTED,
            NextAction.CorrectDrift.class),
        row(
            "drift detected, warn only: nothing",
            obs()
                .release(1, "deployed")
                .set(
                    o -> {
                      o.drift = true;
                      o.drifted = true;
                    }),
            Status.DRIFTED,
            NextAction.Done.class),
        row(
            "drift detected but the chart changed: upgrade (drift is only checked in sync)",
            obs()
                .release(1, "deployed")
                .set(
                    o -> {
                      o.chartVersion = "2.0.0";
                      o.drift = true;
                      o.correct = true;
                      o.drifted = true;
                    }),
            Status.OUT_OF_SYNC,
            NextAction.Upgrade.class),
        row(
            "drift detection on, no drift: in sync",
            obs()
                .release(1, "deployed")
                .set(
                    o -> {
                      o.drift = true;
                      o.correct = true;
                    }),
            Status.IN_SYNC,
            NextAction.Done.class),
        row(
            "drift detection disabled: in sync",
            obs().release(1, "deployed").set(o -> o.drifted = true),
            Status.IN_SYNC,
            NextAction.Done.class),
        row(
            "superseded as newest (impossible for Helm): error",
            obs().release(1, "superseded"),
            Status.UNKNOWN,
            NextAction.Error.class));
  }

  @DisplayName("decides the next action as Flux's atomic release")
  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(String name, Obs o, Status state, Class<? extends NextAction> action) {
    Decision d = ReleaseStateMachine.decide(o.build());
    assertThat(d.state().status()).as("state").isEqualTo(state);
    assertThat(d.action()).as("action").isInstanceOf(action);
  }

  @Test
  @DisplayName("rolls back to the newest deployed/superseded release without failed tests")
  void rollbackTarget() {
    Obs o =
        obs()
            .release(1, "superseded")
            .release(2, "superseded")
            .release(3, "failed")
            .attempted(ReleaseAction.upgrade, 0, 1)
            .upgradeRemediation(1, null, RemediationStrategy.rollback);
    o.testEnabled = true;
    o.tested(2, "Failed");
    Decision d = ReleaseStateMachine.decide(o.build());
    assertThat(d.action()).isEqualTo(new NextAction.Rollback(1));
  }

  @Test
  @DisplayName("stall messages say what failed and how often (Flux's wording)")
  void stallMessage() {
    Decision d =
        ReleaseStateMachine.decide(
            obs()
                .release(1, "superseded")
                .release(2, "failed")
                .attempted(ReleaseAction.upgrade, 0, 1)
                .build());
    assertThat(d.action())
        .isEqualTo(new NextAction.Stall("RetriesExceeded", "Failed to upgrade after 1 attempt(s)"));
  }

  @Test
  @DisplayName("in sync: history is truncated after the previous successful release")
  void truncatesInSync() {
    Obs o =
        obs()
            .release(1, "superseded")
            .release(2, "superseded")
            .release(3, "failed")
            .release(4, "deployed");
    Decision d = ReleaseStateMachine.decide(o.build());
    assertThat(d.history()).extracting(HelmReleaseSnapshot::getVersion).containsExactly(4, 3, 2);
  }

  @Test
  @DisplayName("unmanaged: the history is cleared before the upgrade takes over")
  void clearsHistoryWhenUnmanaged() {
    Obs o = obs().release(1, "deployed").release(2, "deployed", "1.0.0", false);
    assertThat(ReleaseStateMachine.decide(o.build()).history()).isEmpty();
  }

  @Test
  @DisplayName("in sync after a rollback that already matches: Remediated becomes Released")
  void remediatedToReleased() {
    Obs o = obs().release(1, "deployed").set(x -> x.remediated = true);
    assertThat(ReleaseStateMachine.decide(o.build()).remediatedToReleased()).isTrue();
  }

  @Test
  @DisplayName("the retry wait is the rest of the retry interval")
  void retryWait() {
    Obs o =
        obs()
            .release(1, "superseded")
            .release(2, "failed")
            .attempted(ReleaseAction.upgrade, 0, 2)
            .set(
                x -> {
                  x.upgradeRetry = Duration.ofMinutes(5);
                  x.lastFailure = NOW.minusSeconds(60);
                });
    assertThat(ReleaseStateMachine.decide(o.build()).action())
        .isEqualTo(new NextAction.RetryLater(Duration.ofMinutes(4)));
  }

  @org.junit.jupiter.api.Test
  @DisplayName("withDrift sets only the drift fields")
  void withDrift() {
    Observation o = obs().release(1, "deployed").build();
    Observation d = o.withDrift(true, true, true);
    assertThat(d.driftDetection()).isTrue();
    assertThat(d.driftCorrection()).isTrue();
    assertThat(d.drifted()).isTrue();
    assertThat(d.withDrift(false, false, false)).isEqualTo(o);
    assertThat(ReleaseStateMachine.decide(d).action()).isInstanceOf(NextAction.CorrectDrift.class);
    assertThat(ReleaseStateMachine.decide(o).action()).isInstanceOf(NextAction.Done.class);
  }
}

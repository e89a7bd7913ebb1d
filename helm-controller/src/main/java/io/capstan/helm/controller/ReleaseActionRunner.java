package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.api.helm.v2.ReleaseAction;
import io.capstan.api.helm.v2.Test;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.action.PostRenderer;
import io.capstan.helm.controller.lifecycle.NextAction;
import io.capstan.helm.controller.lifecycle.Remediation;
import io.capstan.helm.controller.lifecycle.Snapshots;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStorage;
import io.capstan.runtime.conditions.Conditions;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one action the state machine chose against Helm and records its result on the HelmRelease as
 * Flux's action reconcilers do ({@code install.go}, {@code upgrade.go}, {@code test.go}, {@code
 * rollback_remediation.go}, {@code uninstall_remediation.go}, {@code unlock.go}): the condition it
 * owns with Flux's reason and message, an event, the failure counters (a failure counts towards
 * remediation only when it wrote a release to the storage), and the release snapshots in {@code
 * status.history}.
 */
final class ReleaseActionRunner {

  private final ReconcileContext<HelmRelease> ctx;
  private final HelmRelease hr;
  private final HelmReleaseStatus status;
  private final HelmActions actions;
  private final ReleaseStorage storage;
  private final Chart chart;
  private final Map<String, Object> values;
  private final String configDigest;
  private final PostRenderer postRenderer;
  private final String releaseName;
  private final String releaseNamespace;
  private final boolean helm3Defaults;

  ReleaseActionRunner(
      ReconcileContext<HelmRelease> ctx,
      HelmActions actions,
      Chart chart,
      Map<String, Object> values,
      String configDigest,
      PostRenderer postRenderer) {
    this(ctx, actions, chart, values, configDigest, postRenderer, false);
  }

  ReleaseActionRunner(
      ReconcileContext<HelmRelease> ctx,
      HelmActions actions,
      Chart chart,
      Map<String, Object> values,
      String configDigest,
      PostRenderer postRenderer,
      boolean helm3Defaults) {
    this.helm3Defaults = helm3Defaults;
    this.ctx = ctx;
    this.hr = ctx.resource();
    this.status = hr.getStatus();
    this.actions = actions;
    this.storage = actions.config().storage();
    this.chart = chart;
    this.values = values;
    this.configDigest = configDigest;
    this.postRenderer = postRenderer;
    this.releaseName = ReleaseNames.releaseName(hr);
    this.releaseNamespace = ReleaseNames.releaseNamespace(hr);
  }

  /**
   * Runs {@code action}; returns normally when the result is recorded (success, or a failure that
   * left a release to remediate).
   *
   * @throws ReconcileError.Generic when the action failed without writing a release (retried with
   *     backoff)
   */
  void run(NextAction action) {
    if (action instanceof NextAction.Install) {
      install();
    } else if (action instanceof NextAction.Upgrade) {
      upgrade();
    } else if (action instanceof NextAction.Test) {
      test();
    } else if (action instanceof NextAction.Rollback r) {
      rollback(r.toVersion());
    } else if (action instanceof NextAction.Uninstall) {
      uninstall();
    } else if (action instanceof NextAction.Unlock u) {
      unlock(u.status());
    } else {
      throw new IllegalArgumentException("not an action: " + action);
    }
  }

  private Conditions conditions() {
    return ctx.conditions();
  }

  private String chartName() {
    return chart.metadata().name + "@" + chart.metadata().version;
  }

  private void install() {
    release(
        ReleaseAction.install,
        () ->
            actions.install(
                ReleaseRequests.install(hr, chart, values, postRenderer, helm3Defaults)),
        HelmReleaseConditions.INSTALL_SUCCEEDED,
        HelmReleaseConditions.INSTALL_FAILED);
  }

  private void upgrade() {
    release(
        ReleaseAction.upgrade,
        () ->
            actions.upgrade(
                ReleaseRequests.upgrade(hr, chart, values, postRenderer, helm3Defaults)),
        HelmReleaseConditions.UPGRADE_SUCCEEDED,
        HelmReleaseConditions.UPGRADE_FAILED);
  }

  /** An install or an upgrade. */
  @FunctionalInterface
  private interface ReleaseCall {
    Release run() throws ActionException;
  }

  /**
   * Runs an install or upgrade and records it as Flux's {@code install.go}/{@code upgrade.go}:
   * {@code Released} with the action's reason, an event, the snapshot, or the failure.
   */
  private void release(ReleaseAction action, ReleaseCall call, String succeeded, String failed) {
    int before = latestVersion();
    status.setLastAttemptedReleaseAction(action);
    String helmAction = "Helm " + action.name();
    try {
      Release r = call.run();
      HelmReleaseSnapshot s = record(r, action.name());
      String msg =
          helmAction
              + " succeeded for release "
              + Snapshots.fullReleaseName(s)
              + " with chart "
              + Snapshots.versionedChartName(s);
      conditions().markTrue(HelmReleaseConditions.RELEASED, succeeded, msg);
      markTestPending(s);
      ctx.event(EventType.NORMAL, succeeded, msg);
    } catch (ActionException e) {
      String msg =
          helmAction
              + " failed for release "
              + releaseNamespace
              + "/"
              + releaseName
              + " with chart "
              + chartName()
              + ": "
              + e.getMessage();
      releaseFailed(e, before, action.name(), failed, msg);
    }
  }

  /** Records a failed install/upgrade: Released=False, counters, and the failed release. */
  private void releaseFailed(
      ActionException e, int before, String action, String reason, String msg) {
    status.setFailures(count(status.getFailures()) + 1);
    conditions().markFalse(HelmReleaseConditions.RELEASED, reason, msg);
    ctx.event(EventType.WARNING, reason, msg);
    refreshHistory();
    Optional<Release> recorded = e.release().filter(r -> r.version() > before);
    if (recorded.isEmpty() && latestVersion() <= before) {
      // Nothing reached the storage: nothing to remediate, retry the action with backoff.
      throw new ReconcileError.Generic(reason, msg).withoutEvent();
    }
    recorded.ifPresent(r -> record(r, action));
    incrementActiveFailures();
  }

  private void markTestPending(HelmReleaseSnapshot s) {
    Test test = hr.getSpec().getTest();
    if (test != null && Boolean.TRUE.equals(test.getEnable()) && !Snapshots.hasBeenTested(s)) {
      conditions()
          .markUnknown(
              HelmReleaseConditions.TEST_SUCCESS,
              HelmReleaseConditions.PENDING,
              "Release "
                  + Snapshots.fullReleaseName(s)
                  + " with chart "
                  + Snapshots.versionedChartName(s)
                  + " has not been tested yet");
    }
  }

  private void test() {
    HelmReleaseSnapshot cur = Snapshots.latest(status.getHistory());
    try {
      Release r = actions.test(ReleaseRequests.test(hr));
      HelmReleaseSnapshot s = recordTested(r, cur);
      int hooks = s.getTestHooks() == null ? 0 : s.getTestHooks().size();
      String msg =
          "Helm test succeeded for release "
              + Snapshots.fullReleaseName(s)
              + " with chart "
              + Snapshots.versionedChartName(s)
              + ": "
              + (hooks == 0
                  ? "no test hooks"
                  : hooks
                      + (hooks == 1 ? " test hook" : " test hooks")
                      + " completed successfully");
      conditions()
          .markTrue(HelmReleaseConditions.TEST_SUCCESS, HelmReleaseConditions.TEST_SUCCEEDED, msg);
      ctx.event(EventType.NORMAL, HelmReleaseConditions.TEST_SUCCEEDED, msg);
    } catch (ActionException e) {
      String msg =
          "Helm test failed for release "
              + Snapshots.fullReleaseName(cur)
              + " with chart "
              + Snapshots.versionedChartName(cur)
              + ": "
              + e.getMessage();
      status.setFailures(count(status.getFailures()) + 1);
      conditions()
          .markFalse(HelmReleaseConditions.TEST_SUCCESS, HelmReleaseConditions.TEST_FAILED, msg);
      ctx.event(EventType.WARNING, HelmReleaseConditions.TEST_FAILED, msg);
      if (e.release().isEmpty()) {
        throw new ReconcileError.Generic(HelmReleaseConditions.TEST_FAILED, msg).withoutEvent();
      }
      recordTested(e.release().get(), cur);
      Remediation active = Remediation.active(hr);
      boolean ignore =
          hr.getSpec().getTest() != null
              && Boolean.TRUE.equals(hr.getSpec().getTest().getIgnoreFailures());
      if (active != null && !active.mustIgnoreTestFailures(ignore)) {
        incrementActiveFailures();
      }
    }
  }

  private HelmReleaseSnapshot recordTested(Release r, HelmReleaseSnapshot cur) {
    HelmReleaseSnapshot s =
        record(r, cur == null || cur.getAction() == null ? "test" : cur.getAction());
    if (s.getTestHooks() == null) {
      s.setTestHooks(new LinkedHashMap<>());
    }
    return s;
  }

  private void rollback(int toVersion) {
    HelmReleaseSnapshot prev =
        status.getHistory() == null
            ? null
            : status.getHistory().stream()
                .filter(h -> h.getVersion() != null && h.getVersion() == toVersion)
                .findFirst()
                .orElse(null);
    String target =
        prev == null
            ? releaseNamespace + "/" + releaseName + ".v" + toVersion
            : Snapshots.fullReleaseName(prev);
    String targetChart = prev == null ? chartName() : Snapshots.versionedChartName(prev);
    int before = latestVersion();
    try {
      Release r = actions.rollback(ReleaseRequests.rollback(hr, toVersion, helm3Defaults));
      record(r, "rollback");
      String msg =
          "Helm rollback to previous release "
              + target
              + " with chart "
              + targetChart
              + " succeeded";
      conditions()
          .markTrue(
              HelmReleaseConditions.REMEDIATED, HelmReleaseConditions.ROLLBACK_SUCCEEDED, msg);
      ctx.event(EventType.NORMAL, HelmReleaseConditions.ROLLBACK_SUCCEEDED, msg);
    } catch (ActionException e) {
      String msg =
          "Helm rollback to previous release "
              + target
              + " with chart "
              + targetChart
              + " failed: "
              + e.getMessage();
      status.setFailures(count(status.getFailures()) + 1);
      conditions()
          .markFalse(HelmReleaseConditions.REMEDIATED, HelmReleaseConditions.ROLLBACK_FAILED, msg);
      ctx.event(EventType.WARNING, HelmReleaseConditions.ROLLBACK_FAILED, msg);
      refreshHistory();
      Optional<Release> recorded = e.release().filter(r -> r.version() > before);
      if (recorded.isEmpty()) {
        throw new ReconcileError.Generic(HelmReleaseConditions.ROLLBACK_FAILED, msg).withoutEvent();
      }
      record(recorded.get(), "rollback");
    }
  }

  private void uninstall() {
    HelmReleaseSnapshot cur = Snapshots.latest(status.getHistory());
    String name =
        cur == null ? releaseNamespace + "/" + releaseName : Snapshots.fullReleaseName(cur);
    String chartOf = cur == null ? chartName() : Snapshots.versionedChartName(cur);
    try {
      actions.uninstall(ReleaseRequests.uninstall(hr, "Uninstalled by remediation"));
      refreshHistory();
      if (cur != null) {
        cur.setStatus("uninstalled");
      }
      String msg =
          "Helm uninstall remediation for release "
              + name
              + " with chart "
              + chartOf
              + " succeeded";
      conditions()
          .markTrue(
              HelmReleaseConditions.REMEDIATED, HelmReleaseConditions.UNINSTALL_SUCCEEDED, msg);
      ctx.event(EventType.NORMAL, HelmReleaseConditions.UNINSTALL_SUCCEEDED, msg);
    } catch (ActionException e) {
      String msg =
          "Helm uninstall remediation for release "
              + name
              + " with chart "
              + chartOf
              + " failed: "
              + e.getMessage();
      status.setFailures(count(status.getFailures()) + 1);
      conditions()
          .markFalse(HelmReleaseConditions.REMEDIATED, HelmReleaseConditions.UNINSTALL_FAILED, msg);
      ctx.event(EventType.WARNING, HelmReleaseConditions.UNINSTALL_FAILED, msg);
      throw new ReconcileError.Generic(HelmReleaseConditions.UNINSTALL_FAILED, msg).withoutEvent();
    }
  }

  private void unlock(String pendingStatus) {
    try {
      Release r = actions.unlock(releaseName);
      refreshHistory();
      String msg =
          "Unlocked Helm release "
              + r.namespace()
              + "/"
              + r.name()
              + ".v"
              + r.version()
              + " with chart "
              + r.chartName()
              + "@"
              + r.chartVersion()
              + " in "
              + pendingStatus
              + " state";
      conditions()
          .markFalse(HelmReleaseConditions.RELEASED, HelmReleaseConditions.PENDING_RELEASE, msg);
      ctx.event(EventType.NORMAL, HelmReleaseConditions.PENDING_RELEASE, msg);
    } catch (ActionException e) {
      throw new ReconcileError.Generic(
          HelmReleaseConditions.PENDING_RELEASE,
          "Unlock of Helm release "
              + releaseNamespace
              + "/"
              + releaseName
              + " failed: "
              + e.getMessage());
    }
  }

  /** Adds (or replaces) the snapshot of {@code r}, newest first; refreshes the others. */
  private HelmReleaseSnapshot record(Release r, String action) {
    refreshHistory();
    List<HelmReleaseSnapshot> history =
        new ArrayList<>(status.getHistory() == null ? List.of() : status.getHistory());
    HelmReleaseSnapshot old =
        history.stream()
            .filter(
                h ->
                    h.getVersion() != null
                        && h.getVersion() == r.version()
                        && releaseName.equals(h.getName()))
            .findFirst()
            .orElse(null);
    HelmReleaseSnapshot s = ReleaseObservations.snapshot(r, old == null ? action : old.getAction());
    if (old != null && s.getTestHooks() == null) {
      s.setTestHooks(old.getTestHooks());
    }
    // Flux: a release made now of the chart being released records its OCI artifact digest.
    if (old != null) {
      s.setOciDigest(old.getOciDigest());
    } else if (java.util.Objects.equals(r.chartVersion(), chart.metadata().version)) {
      s.setOciDigest(status.getLastAttemptedRevisionDigest());
    }
    history.remove(old);
    history.add(s);
    status.setHistory(Snapshots.sorted(history));
    status.setLastReleaseRevision(r.version());
    return s;
  }

  /**
   * Re-reads the recorded releases from the storage (their status changes, e.g. {@code
   * superseded}), keeping the config digests, actions and test results recorded for them.
   */
  void refreshHistory() {
    if (status.getHistory() == null) {
      return;
    }
    List<HelmReleaseSnapshot> refreshed = new ArrayList<>();
    for (HelmReleaseSnapshot s : status.getHistory()) {
      if (!releaseName.equals(s.getName()) || s.getVersion() == null) {
        refreshed.add(s);
        continue;
      }
      Optional<Release> stored = storage.get(s.getName(), s.getVersion());
      if (stored.isEmpty()) {
        refreshed.add(s);
        continue;
      }
      HelmReleaseSnapshot n = ReleaseObservations.snapshot(stored.get(), s.getAction());
      if (n.getTestHooks() == null) {
        n.setTestHooks(s.getTestHooks());
      }
      n.setOciDigest(s.getOciDigest());
      refreshed.add(n);
    }
    status.setHistory(Snapshots.sorted(refreshed));
  }

  private int latestVersion() {
    return storage.last(releaseName).map(Release::version).orElse(0);
  }

  private void incrementActiveFailures() {
    if (status.getLastAttemptedReleaseAction() == ReleaseAction.install) {
      status.setInstallFailures(count(status.getInstallFailures()) + 1);
    } else if (status.getLastAttemptedReleaseAction() == ReleaseAction.upgrade) {
      status.setUpgradeFailures(count(status.getUpgradeFailures()) + 1);
    }
  }

  static long count(Long value) {
    return value == null ? 0 : value;
  }
}

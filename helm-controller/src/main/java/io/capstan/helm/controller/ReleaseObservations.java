package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.TestHookStatus;
import io.capstan.helm.controller.lifecycle.ObservedRelease;
import io.capstan.helm.release.FluxReleaseDigest;
import io.capstan.helm.release.HookExecution;
import io.capstan.helm.release.HookRecord;
import io.capstan.helm.release.Release;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Releases of Helm's storage as the HelmRelease records them: the {@link ObservedRelease} the state
 * machine compares, and the {@code status.history} snapshot (Flux's {@code Snapshot} fields) with
 * Flux's digest of the release, so a release changed behind the controller's back (by {@code helm
 * rollback}, say) no longer matches its snapshot.
 */
public final class ReleaseObservations {

  private ReleaseObservations() {}

  /**
   * Flux's snapshot digest of {@code release} ({@link FluxReleaseDigest}): a history written by
   * Flux is recognised, and test runs do not change it.
   */
  public static String digest(Release release) {
    return FluxReleaseDigest.of(release);
  }

  /** What the state machine needs of {@code release}. */
  public static ObservedRelease observe(Release release) {
    return new ObservedRelease(
        release.name(),
        release.namespace(),
        release.version(),
        release.status() == null ? "unknown" : release.status().value(),
        release.chartName(),
        release.chartVersion(),
        digest(release));
  }

  /**
   * The snapshot of {@code release}: name, namespace, version, status, chart name/version, app
   * version, the digest of the values it was made with, deploy/delete times, test hooks that ran
   * and the action that made it.
   */
  public static HelmReleaseSnapshot snapshot(Release release, String action) {
    HelmReleaseSnapshot s = new HelmReleaseSnapshot();
    s.setApiVersion("v2");
    s.setName(release.name());
    s.setNamespace(release.namespace());
    s.setVersion(release.version());
    s.setStatus(release.status() == null ? "unknown" : release.status().value());
    s.setChartName(release.chartName());
    s.setChartVersion(release.chartVersion());
    String appVersion = release.appVersion();
    s.setAppVersion(appVersion == null || appVersion.isEmpty() ? null : appVersion);
    s.setConfigDigest(
        io.capstan.helm.controller.values.ChartValues.digest(
            release.config() == null ? java.util.Map.of() : release.config()));
    s.setDigest(digest(release));
    if (release.info() != null) {
      s.setFirstDeployed(time(release.info().firstDeployed()));
      s.setLastDeployed(time(release.info().lastDeployed()));
      s.setDeleted(time(release.info().deleted()));
    }
    s.setTestHooks(testHooks(release));
    s.setAction(action);
    return s;
  }

  /**
   * The test hooks of {@code release} by name once any of them ran (Flux's {@code
   * TestHooksFromRelease}: every test hook of the release, those that did not run — filtered out,
   * or after the first failure — with an empty status); null when none ran (not tested).
   */
  static Map<String, TestHookStatus> testHooks(Release release) {
    Map<String, TestHookStatus> hooks = new LinkedHashMap<>();
    boolean anyRan = false;
    for (HookRecord hook :
        release.hooks() == null ? java.util.List.<HookRecord>of() : release.hooks()) {
      if (!hook.isTest()) {
        continue;
      }
      HookExecution run = hook.lastRun();
      if (run == null || run.startedAt() == null) {
        hooks.put(hook.name(), new TestHookStatus());
        continue;
      }
      anyRan = true;
      TestHookStatus status = new TestHookStatus();
      status.setLastStarted(time(run.startedAt()));
      status.setLastCompleted(time(run.completedAt()));
      status.setPhase(run.phase() == null || run.phase().isEmpty() ? null : run.phase());
      hooks.put(hook.name(), status);
    }
    return anyRan ? hooks : null;
  }

  private static String time(Instant t) {
    return t == null || t.equals(Instant.EPOCH)
        ? null
        : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

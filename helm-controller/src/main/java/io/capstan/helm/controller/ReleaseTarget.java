package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.controller.lifecycle.Snapshots;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import java.util.Objects;
import java.util.Optional;

/**
 * Flux's {@code ReleaseTargetChanged}: when the storage namespace, the release namespace, the
 * release name or the chart name no longer match the release the HelmRelease made (its latest
 * snapshot and {@code status.storageNamespace}), that release is uninstalled from where it is
 * before anything is installed where the spec now points; otherwise the install would trip over the
 * objects still there, and the old release would be left behind.
 */
final class ReleaseTarget {

  private ReleaseTarget() {}

  /**
   * Why the release target changed, or empty when it did not (or nothing was released yet).
   *
   * @param chartName the name of the chart to release now
   */
  static Optional<String> changed(HelmRelease hr, String chartName) {
    HelmReleaseStatus status = hr.getStatus();
    HelmReleaseSnapshot cur = status == null ? null : Snapshots.latest(status.getHistory());
    if (status == null || isEmpty(status.getStorageNamespace()) || cur == null) {
      return Optional.empty();
    }
    if (!ReleaseNames.storageNamespace(hr).equals(status.getStorageNamespace())) {
      return Optional.of("storage namespace changed");
    }
    if (!ReleaseNames.releaseNamespace(hr).equals(cur.getNamespace())) {
      return Optional.of("release namespace changed");
    }
    if (!ReleaseNames.releaseName(hr).equals(cur.getName())) {
      return Optional.of("release name changed");
    }
    if (!Objects.equals(chartName, cur.getChartName())) {
      return Optional.of("chart name changed");
    }
    return Optional.empty();
  }

  /**
   * Uninstalls the latest recorded release from the recorded storage namespace with {@code
   * spec.uninstall}'s options (nothing to do when it is gone already), then forgets it: history,
   * failure counters and {@code status.storageNamespace} are cleared, as Flux does. {@code
   * Released=False UninstallSucceeded} on success.
   *
   * @throws ReconcileError.Generic ({@code UninstallFailed}) when the uninstall failed; the history
   *     is kept so the next reconcile tries again
   */
  static void uninstallPrevious(
      ReconcileContext<HelmRelease> ctx, HelmReleaseReconciler owner, String why) {
    HelmRelease hr = ctx.resource();
    HelmReleaseStatus status = hr.getStatus();
    HelmReleaseSnapshot cur = Snapshots.latest(status.getHistory());
    String release = Snapshots.fullReleaseName(cur);
    String chart = Snapshots.versionedChartName(cur);
    try (HelmReleaseReconciler.Target old = owner.target(hr, status.getStorageNamespace())) {
      HelmActions actions = old.actions();
      if (actions.config().storage().last(cur.getName()).isPresent()) {
        actions.uninstall(
            ReleaseRequests.uninstall(
                hr, cur.getName(), "Release target changed (" + why + "): uninstalled"));
        String msg = "Helm uninstall succeeded for release " + release + " with chart " + chart;
        ctx.conditions()
            .markFalse(
                HelmReleaseConditions.RELEASED, HelmReleaseConditions.UNINSTALL_SUCCEEDED, msg);
        ctx.event(EventType.NORMAL, HelmReleaseConditions.UNINSTALL_SUCCEEDED, msg);
      }
    } catch (ActionException e) {
      String msg =
          "Helm uninstall failed for release "
              + release
              + " with chart "
              + chart
              + ": "
              + e.getMessage();
      status.setFailures(ReleaseActionRunner.count(status.getFailures()) + 1);
      ctx.conditions()
          .markFalse(HelmReleaseConditions.RELEASED, HelmReleaseConditions.UNINSTALL_FAILED, msg);
      throw new ReconcileError.Generic(HelmReleaseConditions.UNINSTALL_FAILED, msg);
    }
    status.setHistory(null);
    HelmReleaseRun.clearFailures(status);
    status.setStorageNamespace(null);
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}

package io.capstan.helm.action;

import io.capstan.helm.engine.Values;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.runtime.health.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helm's {@code upgrade}: a new revision from the last deployed one (or the failed last one),
 * {@code pending-upgrade} until its hooks, objects and wait succeeded; the previous deployed
 * revision then becomes {@code superseded}. Objects of the current manifest the new one lacks are
 * deleted.
 */
final class UpgradeAction {
  private final HelmActions actions;
  private final ReleaseCycle cycle;

  UpgradeAction(HelmActions actions, ReleaseCycle cycle) {
    this.actions = actions;
    this.cycle = cycle;
  }

  Release run(UpgradeRequest r) throws ActionException {
    ReleaseOptions o = r.options();
    List<Release> history = actions.history(o.releaseName());
    if (history.isEmpty()) {
      throw noDeployed(o);
    }
    Release last = history.get(history.size() - 1);
    if (last.status().isPending()) {
      throw new ActionException("another operation (install/upgrade/rollback) is in progress");
    }
    Release current = current(history, last, o);
    Map<String, Object> values = values(r, current);
    cycle.installCrds(o);
    Map<String, String> labels = new LinkedHashMap<>(last.labels());
    labels.putAll(o.labels());
    Release rel =
        cycle.render(
            o,
            values,
            last.version() + 1,
            true,
            current.info().firstDeployed(),
            ReleaseStatus.PENDING_UPGRADE,
            "Preparing upgrade",
            labels);
    actions.create(rel, r.maxHistory());
    List<ObjectRef> created = new ArrayList<>();
    try {
      cycle.deploy(rel, o, "upgrade", "%s hooks failed: ", current.manifest(), r.force(), created);
    } catch (ActionException e) {
      cycle.failed(
          rel, String.format("Upgrade \"%s\" failed: %s", o.releaseName(), e.getMessage()));
      throw new ActionException(cleanup(r, created, e.getMessage()), rel, e);
    }
    if (current.status() == ReleaseStatus.DEPLOYED) {
      current.info().status(ReleaseStatus.SUPERSEDED);
      actions.record(current);
    }
    return cycle.deployed(rel, o, "Upgrade complete");
  }

  /** The revision upgraded from: the last deployed, else a failed or superseded last one. */
  private static Release current(List<Release> history, Release last, ReleaseOptions o)
      throws ActionException {
    if (last.status() == ReleaseStatus.DEPLOYED) {
      return last;
    }
    Optional<Release> deployed = HelmActions.latestDeployed(history);
    if (deployed.isPresent()) {
      return deployed.get();
    }
    if (last.status() != ReleaseStatus.FAILED && last.status() != ReleaseStatus.SUPERSEDED) {
      throw noDeployed(o);
    }
    return last;
  }

  private static ActionException noDeployed(ReleaseOptions o) {
    return new ActionException("\"" + o.releaseName() + "\" has no deployed releases");
  }

  /** {@code cleanupOnFail}: deletes what this upgrade created; the message says if that failed. */
  private String cleanup(UpgradeRequest r, List<ObjectRef> created, String message) {
    if (!r.cleanupOnFail() || created.isEmpty()) {
      return message;
    }
    try {
      actions.objects().delete(created, "background");
      return message;
    } catch (ActionException cleanup) {
      return "an error occurred while cleaning up resources. original upgrade error: "
          + message
          + ": unable to cleanup resources: "
          + cleanup.getMessage();
    }
  }

  /** Helm's {@code reuseValues} (Flux: preserveValues = reuse, otherwise reset). */
  static Map<String, Object> values(UpgradeRequest r, Release current) {
    Map<String, Object> values = r.options().values();
    if (r.resetValues()) {
      return values;
    }
    if (r.preserveValues()) {
      return Values.coalesceTables(
          Values.deepCopyMap(values), Values.deepCopyMap(current.config()));
    }
    if (values.isEmpty() && !current.config().isEmpty()) {
      return current.config();
    }
    return values;
  }
}

package io.capstan.helm.action;

import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.runtime.health.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Helm's {@code install}: a new release (revision 1, or the next revision of an uninstalled or
 * failed one with {@code replace}), {@code pending-install} until its hooks, objects and wait
 * succeeded.
 */
final class InstallAction {
  private final HelmActions actions;
  private final ReleaseCycle cycle;

  InstallAction(HelmActions actions, ReleaseCycle cycle) {
    this.actions = actions;
    this.cycle = cycle;
  }

  Release run(InstallRequest r) throws ActionException {
    ReleaseOptions o = r.options();
    List<Release> history = actions.history(o.releaseName());
    Release last = history.isEmpty() ? null : history.get(history.size() - 1);
    if (last != null && !(r.replace() && reusable(last.status()))) {
      throw new ActionException("cannot reuse a name that is still in use");
    }
    cycle.installCrds(o);
    if (r.createNamespace()) {
      cycle.createNamespace(o.namespace());
    }
    Instant now = Instant.now();
    Release rel =
        cycle.render(
            o,
            o.values(),
            last == null ? 1 : last.version() + 1,
            false,
            now,
            ReleaseStatus.PENDING_INSTALL,
            "Initial install underway",
            o.labels());
    rel.info().lastDeployed(now);
    if (last != null && last.status() != ReleaseStatus.FAILED) {
      last.info().status(ReleaseStatus.SUPERSEDED).description("superseded by new release");
      actions.record(last);
    }
    actions.create(rel, 0);
    List<ObjectRef> created = new ArrayList<>();
    try {
      cycle.deploy(rel, o, "install", "failed %s: ", "", false, created);
    } catch (ActionException e) {
      cycle.failed(
          rel, String.format("Release \"%s\" failed: %s", o.releaseName(), e.getMessage()));
      throw new ActionException(e.getMessage(), rel, e);
    }
    return cycle.deployed(rel, o, "Install complete");
  }

  private static boolean reusable(ReleaseStatus status) {
    return status == ReleaseStatus.UNINSTALLED || status == ReleaseStatus.FAILED;
  }
}

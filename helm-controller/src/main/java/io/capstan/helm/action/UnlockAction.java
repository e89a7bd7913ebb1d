package io.capstan.helm.action;

import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import java.util.List;

/**
 * Flux's unlock of a stale {@code pending-*} release (left by a controller that stopped
 * mid-action): the latest revision becomes {@code failed}, description {@code Release unlocked from
 * stale '<status>' state}.
 */
final class UnlockAction {
  private final HelmActions actions;

  UnlockAction(HelmActions actions) {
    this.actions = actions;
  }

  Release run(String releaseName) throws ActionException {
    List<Release> h = actions.history(releaseName);
    if (h.isEmpty()) {
      throw new ActionException("release: not found");
    }
    Release last = h.get(h.size() - 1);
    ReleaseStatus status = last.status();
    if (!status.isPending()) {
      throw new ActionException(
          "release " + releaseName + " v" + last.version() + " is not locked (" + status + ")");
    }
    last.info()
        .status(ReleaseStatus.FAILED)
        .description("Release unlocked from stale '" + status.value() + "' state");
    actions.record(last);
    return last;
  }
}

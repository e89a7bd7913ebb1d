package io.capstan.helm.action;

import io.capstan.helm.release.Info;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Helm's {@code rollback}: a new revision made of an earlier one's chart, values and manifest. */
final class RollbackAction {
  private final HelmActions actions;

  RollbackAction(HelmActions actions) {
    this.actions = actions;
  }

  Release run(RollbackRequest r) throws ActionException {
    if (r.toVersion() < 0) {
      throw new ActionException("invalid release revision");
    }
    List<Release> history = actions.history(r.releaseName());
    if (history.isEmpty()) {
      throw new ActionException("release: not found");
    }
    Release current = history.get(history.size() - 1);
    int previousVersion = r.toVersion() == 0 ? current.version() - 1 : r.toVersion();
    Optional<Release> found =
        history.stream().filter(h -> h.version() == previousVersion).findFirst();
    if (found.isEmpty()) {
      throw new ActionException("release has no " + previousVersion + " version");
    }
    Release previous = found.get();
    Release target =
        new Release()
            .name(r.releaseName())
            .namespace(current.namespace())
            .chart(previous.chart())
            .config(previous.config())
            .info(
                new Info()
                    .firstDeployed(current.info().firstDeployed())
                    .lastDeployed(Instant.now())
                    .status(ReleaseStatus.PENDING_ROLLBACK)
                    .notes(previous.info().notes())
                    .rollbackRevision(previousVersion)
                    .description("Rollback to " + previousVersion))
            .version(current.version() + 1)
            .labels(previous.labels())
            .manifest(previous.manifest())
            .hooks(previous.copy().hooks())
            .applyMethod(Release.APPLY_METHOD_SSA);
    actions.create(target, r.maxHistory());
    if (!r.disableHooks()) {
      try {
        actions.hooks().run(target, "pre-rollback", r.timeout());
      } catch (ActionException e) {
        throw new ActionException(e.getMessage(), target, e);
      }
    }
    ManifestApplier.Outcome out;
    try {
      out =
          actions
              .applier()
              .apply(
                  target.name(),
                  target.namespace(),
                  current.manifest(),
                  target.manifest(),
                  r.force());
    } catch (ManifestApplier.Failure f) {
      String msg = String.format("Rollback \"%s\" failed: %s", target.name(), f.getMessage());
      current.info().status(ReleaseStatus.SUPERSEDED);
      target.info().status(ReleaseStatus.FAILED).description(msg);
      actions.record(current);
      actions.record(target);
      if (r.cleanupOnFail() && !f.created().isEmpty()) {
        actions.objects().delete(f.created(), "background");
      }
      throw new ActionException(f.getMessage(), target, f);
    }
    if (r.waiting().enabled()) {
      try {
        actions.objects().waitReady(out.target(), r.waiting());
      } catch (ActionException e) {
        target
            .info()
            .status(ReleaseStatus.FAILED)
            .description(String.format("Release \"%s\" failed: %s", target.name(), e.getMessage()));
        actions.record(current);
        actions.record(target);
        throw new ActionException(
            "release " + target.name() + " failed: " + e.getMessage(), target, e);
      }
    }
    if (!r.disableHooks()) {
      try {
        actions.hooks().run(target, "post-rollback", r.timeout());
      } catch (ActionException e) {
        throw new ActionException(e.getMessage(), target, e);
      }
    }
    for (Release h : actions.history(r.releaseName())) {
      if (h.status() == ReleaseStatus.DEPLOYED) {
        h.info().status(ReleaseStatus.SUPERSEDED);
        actions.record(h);
      }
    }
    target.info().status(ReleaseStatus.DEPLOYED);
    actions.record(target);
    return target;
  }
}

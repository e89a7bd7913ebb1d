package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.runtime.health.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Helm's {@code uninstall}: status {@code uninstalling}, pre-delete hooks, the manifest's objects
 * deleted in reverse install order (except {@code helm.sh/resource-policy: keep}) with the chosen
 * propagation, optionally awaited, post-delete hooks, then every revision purged or, with
 * keepHistory, the last one {@code uninstalled} and deployed ones superseded.
 */
final class UninstallAction {
  private final HelmActions actions;

  UninstallAction(HelmActions actions) {
    this.actions = actions;
  }

  Optional<Release> run(UninstallRequest r) throws ActionException {
    List<Release> history = actions.history(r.releaseName());
    if (history.isEmpty()) {
      throw new ActionException(
          "uninstall: Release not loaded: " + r.releaseName() + ": release: not found");
    }
    Release rel = history.get(history.size() - 1);
    if (rel.status() == ReleaseStatus.UNINSTALLED) {
      if (!r.keepHistory()) {
        purge(history);
        return Optional.empty();
      }
      throw new ActionException("the release named \"" + r.releaseName() + "\" is already deleted");
    }
    rel.info()
        .status(ReleaseStatus.UNINSTALLING)
        .deleted(Instant.now())
        .description("Deletion in progress (or silently failed)");
    if (!r.disableHooks()) {
      try {
        actions.hooks().run(rel, "pre-delete", r.timeout());
      } catch (ActionException e) {
        throw new ActionException(e.getMessage(), rel, e);
      }
    }
    actions.record(rel);
    List<String> errors = new ArrayList<>();
    List<ObjectRef> toDelete = new ArrayList<>();
    for (ObjectNode o :
        ManifestObjects.prepare(
            ManifestObjects.parse(rel.manifest()),
            actions.objects().resources(),
            null,
            rel.namespace(),
            false)) {
      ObjectRef ref = ManifestObjects.ref(o);
      if (ManifestObjects.keep(o)) {
        continue;
      }
      JsonNode live = actions.objects().get(ref);
      if (live != null && !ManifestObjects.keep(live)) {
        toDelete.add(ref);
      }
    }
    Collections.reverse(toDelete);
    List<ObjectRef> deleted;
    try {
      deleted = actions.objects().delete(toDelete, r.deletionPropagation());
    } catch (ActionException e) {
      throw new ActionException(
          "failed to delete release: " + r.releaseName() + ": " + e.getMessage(), rel, e);
    }
    if (r.waitForResources()) {
      try {
        actions.objects().waitGone(deleted, r.timeout());
      } catch (ActionException e) {
        errors.add(e.getMessage());
      }
    }
    if (!r.disableHooks()) {
      try {
        actions.hooks().run(rel, "post-delete", r.timeout());
      } catch (ActionException e) {
        errors.add(e.getMessage());
      }
    }
    rel.info()
        .status(ReleaseStatus.UNINSTALLED)
        .description(r.description() == null ? "Uninstallation complete" : r.description());
    if (!r.keepHistory()) {
      try {
        purge(actions.history(r.releaseName()));
      } catch (RuntimeException e) {
        errors.add("uninstall: Failed to purge the release: " + e.getMessage());
      }
      failIfErrors(errors, rel);
      return Optional.empty();
    }
    actions.record(rel);
    for (Release h : actions.history(r.releaseName())) {
      if (h.status() == ReleaseStatus.DEPLOYED) {
        h.info().status(ReleaseStatus.SUPERSEDED);
        actions.record(h);
      }
    }
    failIfErrors(errors, rel);
    return Optional.of(rel);
  }

  private void purge(List<Release> history) {
    for (Release h : history) {
      actions.storage().delete(h.name(), h.version());
    }
  }

  private static void failIfErrors(List<String> errors, Release rel) throws ActionException {
    if (!errors.isEmpty()) {
      throw new ActionException(
          "uninstallation completed with "
              + errors.size()
              + " error(s): "
              + String.join("; ", errors),
          rel,
          null);
    }
  }
}

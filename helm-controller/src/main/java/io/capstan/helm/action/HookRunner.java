package io.capstan.helm.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.release.HookExecution;
import io.capstan.helm.release.HookRecord;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStorage;
import io.capstan.runtime.health.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs the hooks of one event as Helm's {@code execHook}: ordered by weight then name, each one
 * deleted first under {@code before-hook-creation} (the default policy), created, awaited (Jobs
 * until complete, Pods until succeeded), its {@code last_run} recorded on the release; after all
 * succeeded, {@code hook-succeeded} hooks are deleted; a failing hook is deleted under {@code
 * hook-failed}, the ones that succeeded before it under {@code hook-succeeded}.
 */
final class HookRunner {
  static final String BEFORE_HOOK_CREATION = "before-hook-creation";
  static final String HOOK_SUCCEEDED = "hook-succeeded";
  static final String HOOK_FAILED = "hook-failed";

  private final ClusterObjects objects;
  private final ReleaseStorage storage;

  HookRunner(ClusterObjects objects, ReleaseStorage storage) {
    this.objects = objects;
    this.storage = storage;
  }

  void run(Release release, String event, Duration timeout) throws ActionException {
    run(release, event, timeout, h -> true);
  }

  /** Runs the hooks of {@code event} that {@code filter} accepts. */
  void run(Release release, String event, Duration timeout, Predicate<HookRecord> filter)
      throws ActionException {
    List<HookRecord> executing = new ArrayList<>();
    for (HookRecord h : release.hooks()) {
      if (h.events().contains(event) && filter.test(h)) {
        executing.add(h);
      }
    }
    executing.sort(
        Comparator.<HookRecord>comparingInt(h -> h.weight())
            .thenComparing(h -> h.name() == null ? "" : h.name()));
    for (int i = 0; i < executing.size(); i++) {
      HookRecord h = executing.get(i);
      if (h.deletePolicies().isEmpty()) {
        h.deletePolicies(List.of(BEFORE_HOOK_CREATION));
      }
      deleteByPolicy(h, release.namespace(), BEFORE_HOOK_CREATION, timeout);
      List<ObjectNode> resources = build(h, release.namespace());
      h.lastRun(new HookExecution().startedAt(Instant.now()).phase(HookExecution.PHASE_RUNNING));
      storage.update(release);
      h.lastRun().phase(HookExecution.PHASE_UNKNOWN);
      try {
        for (ObjectNode o : resources) {
          objects.create(o);
        }
        for (ObjectNode o : resources) {
          objects.waitHook(ManifestObjects.ref(o), timeout);
        }
      } catch (ActionException e) {
        h.lastRun().completedAt(Instant.now()).phase(HookExecution.PHASE_FAILED);
        storage.update(release);
        try {
          deleteByPolicy(h, release.namespace(), HOOK_FAILED, timeout);
          for (HookRecord done : executing.subList(0, i)) {
            deleteByPolicy(done, release.namespace(), HOOK_SUCCEEDED, timeout);
          }
        } catch (ActionException ignored) {
          // the hook failure is the error to report
        }
        throw new ActionException(
            "warning: Hook " + event + " " + h.path() + " failed: " + e.getMessage(), e);
      }
      h.lastRun().completedAt(Instant.now()).phase(HookExecution.PHASE_SUCCEEDED);
    }
    if (executing.isEmpty()) {
      // Nothing ran, nothing to record: no write of the release Secret (two per install before).
      return;
    }
    storage.update(release);
    for (int i = executing.size() - 1; i >= 0; i--) {
      deleteByPolicy(executing.get(i), release.namespace(), HOOK_SUCCEEDED, timeout);
    }
  }

  private List<ObjectNode> build(HookRecord h, String namespace) throws ActionException {
    return ManifestObjects.prepare(
        ManifestObjects.parse(h.manifest()), objects.resources(), null, namespace, false);
  }

  /** Deletes the hook's objects if it carries {@code policy}, waiting until they are gone. */
  void deleteByPolicy(HookRecord h, String namespace, String policy, Duration timeout)
      throws ActionException {
    if ("CustomResourceDefinition".equals(h.kind()) || !h.deletePolicies().contains(policy)) {
      return;
    }
    List<ObjectRef> refs = new ArrayList<>();
    for (ObjectNode o : build(h, namespace)) {
      refs.add(ManifestObjects.ref(o));
    }
    List<ObjectRef> deleted = objects.delete(refs, "background");
    objects.waitGone(deleted, timeout);
  }
}

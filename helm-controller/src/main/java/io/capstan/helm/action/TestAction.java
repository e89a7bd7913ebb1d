package io.capstan.helm.action;

import io.capstan.helm.release.HookRecord;
import io.capstan.helm.release.Release;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Helm's {@code test}: the {@code test} hooks of the latest revision run (include/exclude name
 * filters as Helm's {@code name=} / {@code !name=}), each one's {@code last_run} recorded on the
 * stored release, the first failure returned with the release.
 */
final class TestAction {
  private final HelmActions actions;

  TestAction(HelmActions actions) {
    this.actions = actions;
  }

  Release run(TestRequest r) throws ActionException {
    List<Release> history = actions.history(r.releaseName());
    if (history.isEmpty()) {
      throw new ActionException("release: not found");
    }
    Release rel = history.get(history.size() - 1);
    Set<String> include = new HashSet<>();
    Set<String> exclude = new HashSet<>();
    for (TestFilter f : r.filters()) {
      (f.exclude() ? exclude : include).add(f.name());
    }
    Predicate<HookRecord> selected =
        h -> !exclude.contains(h.name()) && (include.isEmpty() || include.contains(h.name()));
    try {
      actions.hooks().run(rel, "test", r.timeout(), selected);
    } catch (ActionException e) {
      throw new ActionException(e.getMessage(), rel, e);
    }
    return rel;
  }
}

package io.capstan.runtime.health;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of waiting for a set of objects.
 *
 * @param states the last observed health of every object, in the order they were given
 * @param timedOut whether the wait ended because the timeout elapsed (or was interrupted)
 */
public record WaitResult(Map<ObjectRef, Health> states, boolean timedOut) {

  /** Copies the states. */
  public WaitResult {
    states = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(states));
  }

  /** True when every object is Current. */
  public boolean allCurrent() {
    return states.values().stream().allMatch(Health::isCurrent);
  }

  /** The objects that are not Current, with their health. */
  public Map<ObjectRef, Health> notCurrent() {
    return states.entrySet().stream()
        .filter(e -> !e.getValue().isCurrent())
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /**
   * A one-line summary naming each object that is not Current, e.g. {@code timeout waiting for:
   * [Deployment/apps/web status: 'InProgress': Available: 0/1]}; empty when all are Current.
   */
  public String message() {
    if (allCurrent()) {
      return "";
    }
    String objects =
        notCurrent().entrySet().stream()
            .map(
                e ->
                    "%s status: '%s': %s"
                        .formatted(e.getKey(), e.getValue().status(), e.getValue().message()))
            .collect(Collectors.joining(", ", "[", "]"));
    return (timedOut ? "timeout waiting for: " : "not ready: ") + objects;
  }
}

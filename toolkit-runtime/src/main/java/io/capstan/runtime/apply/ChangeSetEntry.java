package io.capstan.runtime.apply;

import io.capstan.runtime.health.ObjectRef;

/**
 * One object's outcome.
 *
 * @param ref the object
 * @param action what happened to it
 * @param detail why, for skipped/recreated objects (empty otherwise)
 */
public record ChangeSetEntry(ObjectRef ref, Action action, String detail) {

  /** Flux's log line form, e.g. {@code Deployment/apps/web configured}. */
  @Override
  public String toString() {
    return ref + " " + action + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}

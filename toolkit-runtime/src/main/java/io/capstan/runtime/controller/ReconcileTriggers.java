package io.capstan.runtime.controller;

import io.capstan.api.meta.Annotations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of an object start a reconcile, as Flux's {@code GenerationChangedPredicate} or
 * {@code ReconcileRequestedPredicate}: a new generation (spec change), a new {@code
 * reconcile.fluxcd.io/requestedAt} value, the start of deletion, or the loss of our finalizer.
 * Status-only and label/annotation-only updates (including the controller's own status patches) do
 * not.
 */
public final class ReconcileTriggers {

  private ReconcileTriggers() {}

  /** True when the update from {@code before} to {@code after} needs a reconcile. */
  public static boolean onUpdate(HasMetadata before, HasMetadata after) {
    if (before == null) {
      return true;
    }
    var was = before.getMetadata();
    var now = after.getMetadata();
    if (!Objects.equals(was.getGeneration(), now.getGeneration())) {
      return true;
    }
    if (!Objects.equals(requestedAt(was.getAnnotations()), requestedAt(now.getAnnotations()))) {
      return true;
    }
    if (was.getDeletionTimestamp() == null && now.getDeletionTimestamp() != null) {
      return true;
    }
    return Finalizers.has(before) && !Finalizers.has(after) && now.getDeletionTimestamp() == null;
  }

  private static String requestedAt(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get(Annotations.RECONCILE_REQUESTED_AT);
  }
}

package io.capstan.api.helm.v2;

/** Deletion propagation policies for a Helm uninstall. */
public enum DeletionPropagation {
  /** Delete dependents in the background (the default). */
  background,
  /** Delete dependents before the owner. */
  foreground,
  /** Leave dependents in place. */
  orphan
}

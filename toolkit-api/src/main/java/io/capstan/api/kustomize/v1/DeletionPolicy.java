package io.capstan.api.kustomize.v1;

/** What happens to the managed objects when a Kustomization is deleted. */
public enum DeletionPolicy {
  /** Follow {@code spec.prune}: delete the objects when it is true, orphan them otherwise. */
  MirrorPrune,
  /** Delete the managed objects. */
  Delete,
  /** Delete the managed objects and wait until they are gone. */
  WaitForTermination,
  /** Leave the managed objects in the cluster. */
  Orphan
}

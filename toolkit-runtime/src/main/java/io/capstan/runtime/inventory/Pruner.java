package io.capstan.runtime.inventory;

import io.capstan.runtime.apply.Action;
import io.capstan.runtime.apply.ApplyOrder;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.ChangeSetEntry;
import io.capstan.runtime.apply.Owner;
import io.capstan.runtime.apply.SsaPolicy;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes objects an owner no longer declares (Flux's {@code DeleteAll} during prune). Guarantees:
 * objects are deleted in prune order (reverse apply order); an object is deleted only if its labels
 * name {@code owner} and it does not carry {@code <group>/prune: disabled} (others are reported
 * skipped; {@code <group>/reconcile: disabled} counts as prune disabled); objects already gone are
 * left out of the change set; with a termination timeout the call returns only once every deleted
 * object is gone (finalizers done), else it throws.
 */
public final class Pruner {

  private final ApiResources resources;
  private final Owner owner;
  private final String annotationGroup;

  /**
   * A pruner for one owner; {@code annotationGroup} is e.g. {@code kustomize.toolkit.fluxcd.io}.
   */
  public Pruner(ApiResources resources, Owner owner, String annotationGroup) {
    this.resources = resources;
    this.owner = owner;
    this.annotationGroup = annotationGroup;
  }

  /** Deletes the stale objects of {@code previous} compared to {@code current}; does not wait. */
  public ChangeSet prune(Inventory previous, Inventory current) {
    return delete(previous.stale(current), Duration.ZERO);
  }

  /**
   * Applies a deletion policy to every object of an inventory when its owner is deleted.
   *
   * @param prune the owner's {@code spec.prune}
   * @param timeout how long {@code WaitForTermination} waits
   */
  public ChangeSet deleteForPolicy(
      Inventory inventory, DeletionPolicy policy, boolean prune, Duration timeout) {
    if (!policy.deletesObjects(prune)) {
      return new ChangeSet(List.of());
    }
    List<ObjectRef> refs = new ArrayList<>(inventory.refs());
    refs.sort(ApplyOrder.pruneOrder());
    return delete(refs, policy.waitsForTermination() ? timeout : Duration.ZERO);
  }

  /**
   * Deletes the objects (sorted into prune order first). When {@code waitForTermination} is
   * positive, waits that long for the deleted objects to disappear.
   *
   * @throws PruneException if a delete fails or objects remain after the wait
   */
  public ChangeSet delete(List<ObjectRef> refs, Duration waitForTermination) {
    List<ObjectRef> ordered = new ArrayList<>(refs);
    ordered.sort(ApplyOrder.pruneOrder());
    List<ChangeSetEntry> entries = new ArrayList<>();
    List<ObjectRef> deleted = new ArrayList<>();
    for (ObjectRef ref : ordered) {
      if (resources.find(ref.apiVersion(), ref.kind()).isEmpty()) {
        continue;
      }
      Resource<GenericKubernetesResource> resource = resources.resource(ref);
      try {
        GenericKubernetesResource live = resource.get();
        if (live == null) {
          continue;
        }
        Map<String, String> labels = live.getMetadata().getLabels();
        if (!owner.owns(labels)) {
          entries.add(new ChangeSetEntry(ref, Action.SKIPPED, "not owned by " + ownerName()));
          continue;
        }
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        if (SsaPolicy.pruneDisabled(annotations, annotationGroup)
            || SsaPolicy.reconcileDisabled(annotations, annotationGroup)) {
          entries.add(new ChangeSetEntry(ref, Action.SKIPPED, "prune disabled"));
          continue;
        }
        resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        entries.add(new ChangeSetEntry(ref, Action.DELETED, ""));
        deleted.add(ref);
      } catch (KubernetesClientException e) {
        throw new PruneException(ref + " prune failed: " + e.getMessage(), new ChangeSet(entries));
      }
    }
    ChangeSet changeSet = new ChangeSet(entries);
    if (!waitForTermination.isZero() && !deleted.isEmpty()) {
      awaitGone(deleted, waitForTermination, changeSet);
    }
    return changeSet;
  }

  private void awaitGone(List<ObjectRef> deleted, Duration timeout, ChangeSet changeSet) {
    Instant deadline = Instant.now().plus(timeout);
    List<ObjectRef> remaining = new ArrayList<>(deleted);
    while (true) {
      remaining.removeIf(ref -> resources.resource(ref).get() == null);
      if (remaining.isEmpty()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new PruneException(
            "timeout waiting for termination of: " + remaining, changeSet, true);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PruneException("interrupted waiting for termination of: " + remaining, changeSet);
      }
    }
  }

  private String ownerName() {
    return owner.namespace() + "/" + owner.name();
  }

  /** A prune that failed or did not finish; {@link #changeSet()} holds what was done. */
  public static final class PruneException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ChangeSet changeSet;
    private final boolean terminationTimedOut;

    PruneException(String message, ChangeSet changeSet) {
      this(message, changeSet, false);
    }

    PruneException(String message, ChangeSet changeSet, boolean terminationTimedOut) {
      super(message);
      this.changeSet = changeSet;
      this.terminationTimedOut = terminationTimedOut;
    }

    /**
     * True when every delete was accepted and only the wait for termination ran out of time (the
     * objects are terminating, e.g. held by a finalizer); false for a failed delete.
     */
    public boolean terminationTimedOut() {
      return terminationTimedOut;
    }

    /** What was deleted or skipped before the failure. */
    public ChangeSet changeSet() {
      return changeSet;
    }
  }
}

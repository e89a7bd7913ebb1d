package io.capstan.kustomize.controller.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.kustomize.v1.GroupVersion;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.Reasons;
import io.capstan.kustomize.controller.KustomizationConditions;
import io.capstan.runtime.apply.Action;
import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.ChangeSetEntry;
import io.capstan.runtime.apply.Owner;
import io.capstan.runtime.cel.CustomHealthChecks;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.HealthWaiter;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.runtime.health.WaitResult;
import io.capstan.runtime.inventory.Inventory;
import io.capstan.runtime.inventory.Pruner;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one built revision on the target cluster, as Flux's kustomize-controller does after the
 * build: server-side apply (whole set dry-run first), prune of the previous inventory's stale
 * objects, then health checks. Each part that changed something records one Normal event listing
 * the objects ("Deployment/apps/web configured", one per line; unchanged and skipped objects are
 * left out) and logs the full change set; each failure is a {@link ReconcileError.Waiting} with
 * Flux's reason, retried after the retry interval and recorded as a Warning event.
 */
public final class ClusterSync {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSync.class);

  private final TargetCluster target;
  private final ReconcileContext<Kustomization> context;
  private final String fieldManager;
  private final Duration timeout;

  /**
   * Syncs {@code context}'s Kustomization to {@code target}, applying as {@code fieldManager} and
   * waiting at most {@code timeout} for health.
   */
  public ClusterSync(
      TargetCluster target,
      ReconcileContext<Kustomization> context,
      String fieldManager,
      Duration timeout) {
    this.target = target;
    this.context = context;
    this.fieldManager = fieldManager;
    this.timeout = timeout;
  }

  /**
   * The objects with {@code spec.ignore} fields removed from those already in the cluster (one GET
   * per object a rule selects).
   *
   * @throws ReconcileError.Waiting {@code ReconciliationFailed} for a malformed rule
   */
  public List<JsonNode> withoutIgnoredFields(List<JsonNode> objects) {
    ApiResources resources = target.applier().resources();
    try {
      return DriftIgnoreRules.strip(
          objects, context.resource().getSpec().getIgnore(), o -> exists(resources, o));
    } catch (RuntimeException e) {
      throw failure(Reasons.RECONCILIATION_FAILED, "invalid spec.ignore: " + e.getMessage());
    }
  }

  private static boolean exists(ApiResources resources, JsonNode object) {
    JsonNode metadata = object.path("metadata");
    ObjectRef ref =
        new ObjectRef(
            object.path("apiVersion").asText(),
            object.path("kind").asText(),
            metadata.path("namespace").asText(""),
            metadata.path("name").asText());
    try {
      return resources.resource(ref).get() != null;
    } catch (ApiResources.UnknownKindException | KubernetesClientException e) {
      return false;
    }
  }

  /** Applies {@code objects}; the change set of what was applied. */
  public ChangeSet apply(List<JsonNode> objects, String revision) {
    Kustomization k = context.resource();
    ApplyOptions options =
        ApplyOptions.builder(fieldManager)
            .owner(owner(k))
            .force(Boolean.TRUE.equals(k.getSpec().getForce()))
            .build();
    ChangeSet changes;
    try {
      changes = target.applier().applyJson(objects, options);
    } catch (ApplyException e) {
      String applied = changedLines(e.changeSet());
      throw failure(
          Reasons.RECONCILIATION_FAILED,
          applied.isEmpty() ? e.getMessage() : e.getMessage() + "\n" + applied);
    } catch (KubernetesClientException e) {
      // E.g. the cluster of spec.kubeConfig is unreachable or rejects the credentials.
      throw failure(Reasons.RECONCILIATION_FAILED, "apply failed: " + e.getMessage());
    }
    log(k, "server-side apply completed", changes, revision);
    String lines = changedLines(changes);
    if (!lines.isEmpty()) {
      context.event(EventType.NORMAL, Reasons.PROGRESSING, lines);
    }
    return changes;
  }

  /** Deletes the objects of {@code previous} that {@code current} no longer has. */
  public void prune(Inventory previous, Inventory current, String revision) {
    Kustomization k = context.resource();
    ChangeSet pruned;
    try {
      pruned =
          new Pruner(target.applier().resources(), owner(k), GroupVersion.GROUP)
              .prune(previous, current);
    } catch (RuntimeException e) {
      throw failure(KustomizationConditions.PRUNE_FAILED, e.getMessage());
    }
    if (!pruned.entries().isEmpty()) {
      log(k, "garbage collection completed", pruned, revision);
      context.event(EventType.NORMAL, Reasons.PROGRESSING, pruned.toString());
    }
  }

  /**
   * Waits for {@code spec.wait} (everything in {@code current}) or {@code spec.healthChecks};
   * removes the {@code Healthy} condition when neither is set. Records "Health check passed in ..."
   * when the objects were not healthy before, or when a new revision changed something.
   */
  public void checkHealth(Inventory current, boolean newRevisionChangedObjects) {
    Kustomization k = context.resource();
    List<ObjectRef> refs = healthCheckRefs(k, current);
    if (refs.isEmpty()) {
      context.conditions().delete(ConditionTypes.HEALTHY);
      return;
    }
    boolean wasHealthy =
        context.conditions().get(ConditionTypes.HEALTHY).map(c -> c.isTrue()).orElse(false);
    long started = System.nanoTime();
    WaitResult result;
    try {
      result =
          HealthWaiter.of(target.applier().resources())
              .withRule(CustomHealthChecks.compile(k.getSpec().getHealthCheckExprs()))
              .failingFast()
              .waitFor(refs, timeout);
    } catch (KubernetesClientException e) {
      String message = "health check failed: " + e.getMessage();
      context.conditions().markFalse(ConditionTypes.HEALTHY, Reasons.HEALTH_CHECK_FAILED, message);
      throw failure(Reasons.HEALTH_CHECK_FAILED, message);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (!result.allCurrent()) {
      String message =
          "Health check failed after " + GoDuration.format(took) + ": " + result.message();
      context.conditions().markFalse(ConditionTypes.HEALTHY, Reasons.HEALTH_CHECK_FAILED, message);
      throw failure(Reasons.HEALTH_CHECK_FAILED, message);
    }
    String message = "Health check passed in " + GoDuration.format(took);
    if (!wasHealthy || newRevisionChangedObjects) {
      context.event(EventType.NORMAL, Reasons.PROGRESSING, message);
    }
    context.conditions().markTrue(ConditionTypes.HEALTHY, Reasons.SUCCEEDED, message);
  }

  /**
   * What {@code spec.wait} (everything in {@code current}) or {@code spec.healthChecks} names,
   * without the Kustomization itself.
   */
  private static List<ObjectRef> healthCheckRefs(Kustomization k, Inventory current) {
    List<ObjectRef> refs = new ArrayList<>();
    if (Boolean.TRUE.equals(k.getSpec().getWait())) {
      refs.addAll(current.refs());
    } else if (k.getSpec().getHealthChecks() != null) {
      for (var check : k.getSpec().getHealthChecks()) {
        String namespace =
            check.getNamespace() == null || check.getNamespace().isEmpty()
                ? k.getMetadata().getNamespace()
                : check.getNamespace();
        refs.add(new ObjectRef(check.getApiVersion(), check.getKind(), namespace, check.getName()));
      }
    }
    // A Kustomization never waits on itself (Flux's deadlock guard).
    refs.removeIf(
        r ->
            Kustomization.KIND.equals(r.kind())
                && k.getMetadata().getName().equals(r.name())
                && k.getMetadata().getNamespace().equals(r.namespace()));
    return refs;
  }

  /** The lines of {@code changes} that changed something (created, configured, deleted). */
  static String changedLines(ChangeSet changes) {
    return changes.entries().stream()
        .filter(
            e ->
                e.action() == Action.CREATED
                    || e.action() == Action.CONFIGURED
                    || e.action() == Action.DELETED)
        .map(ChangeSetEntry::toString)
        .collect(Collectors.joining("\n"));
  }

  /**
   * The owner labels of {@code k}'s objects ({@code kustomize.toolkit.fluxcd.io/name|namespace}).
   */
  public static Owner owner(Kustomization k) {
    return new Owner(GroupVersion.GROUP, k.getMetadata().getName(), k.getMetadata().getNamespace());
  }

  private ReconcileError failure(String reason, String message) {
    return new ReconcileError.Waiting(reason, message).withEvent(EventType.WARNING);
  }

  private static void log(Kustomization k, String what, ChangeSet changes, String revision) {
    Map<String, String> output = new LinkedHashMap<>();
    for (ChangeSetEntry e : changes.entries()) {
      output.put(e.ref().toString(), e.action().toString());
    }
    LOG.info(
        "Kustomization {}/{}: {} (revision {}): {}",
        k.getMetadata().getNamespace(),
        k.getMetadata().getName(),
        what,
        revision,
        output);
  }
}

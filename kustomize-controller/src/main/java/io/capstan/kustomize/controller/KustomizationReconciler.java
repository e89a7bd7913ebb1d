package io.capstan.kustomize.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationSpec;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.api.kustomize.v1.ResourceInventory;
import io.capstan.api.kustomize.v1.ResourceRef;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.Owner;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.artifact.ArtifactFetchException;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.conditions.ConditionTypes;
import io.capstan.runtime.conditions.Reasons;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.health.HealthWaiter;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.runtime.health.WaitResult;
import io.capstan.runtime.inventory.DeletionPolicy;
import io.capstan.runtime.inventory.Inventory;
import io.capstan.runtime.inventory.InventoryEntry;
import io.capstan.runtime.inventory.Pruner;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kustomization reconcile: source artifact → fetch and verify → kustomize build → server-side
 * apply → prune → health, with Flux's conditions, reasons and status fields ({@code
 * lastAttemptedRevision}, {@code lastAppliedRevision}, {@code inventory}).
 */
public final class KustomizationReconciler implements KindReconciler<Kustomization> {

  /** The field manager and controller name. */
  public static final String CONTROLLER_NAME = "kustomize-controller";

  /** Reason of a failed {@code kustomize build}. */
  public static final String BUILD_FAILED = "BuildFailed";

  /** Reason of a failed garbage collection. */
  public static final String PRUNE_FAILED = "PruneFailed";

  /** Reason for a {@code spec.decryption} this controller cannot honour yet. */
  public static final String DECRYPTION_FAILED = "DecryptionFailed";

  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final Duration requeueDependency;
  private final ServerSideApplier applier;
  private final Kustomizer kustomizer = Kustomizer.create();

  /**
   * A reconciler reading sources and applying objects through {@code client}, re-checking
   * dependencies that are not ready every 30s (Flux's {@code --requeue-dependency} default).
   */
  public KustomizationReconciler(KubernetesClient client, ArtifactFetcher fetcher) {
    this(client, fetcher, Duration.ofSeconds(30));
  }

  /**
   * A reconciler reading sources and applying objects through {@code client}, re-checking
   * dependencies that are not ready every {@code requeueDependency} ({@code --requeue-dependency}).
   */
  public KustomizationReconciler(
      KubernetesClient client, ArtifactFetcher fetcher, Duration requeueDependency) {
    this.client = client;
    this.fetcher = fetcher;
    this.requeueDependency = requeueDependency;
    this.applier = new ServerSideApplier(client);
  }

  @Override
  public ConditionTable conditions() {
    return ConditionTable.builder().positive(ConditionTypes.HEALTHY).build();
  }

  @Override
  public List<Step<ReconcileContext<Kustomization>>> steps() {
    return List.of(
        Step.of("checkDecryption", this::checkDecryption),
        Step.of("checkDependencies", this::checkDependencies),
        Step.of("reconcileRevision", this::reconcileRevision));
  }

  @Override
  public Duration interval(Kustomization resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public Map<String, String> eventMetadata(Kustomization resource) {
    KustomizationStatus status = resource.getStatus();
    return status == null || status.getLastAttemptedRevision() == null
        ? Map.of()
        : Map.of("revision", status.getLastAttemptedRevision());
  }

  @Override
  public void cleanup(Kustomization resource) {
    KustomizationSpec spec = resource.getSpec();
    Inventory inventory = inventoryOf(resource);
    if (inventory.entries().isEmpty()) {
      return;
    }
    DeletionPolicy policy =
        DeletionPolicy.parse(
            spec.getDeletionPolicy() == null ? null : spec.getDeletionPolicy().name());
    pruner(resource)
        .deleteForPolicy(
            inventory, policy, Boolean.TRUE.equals(spec.getPrune()), timeout(resource));
  }

  private StepResult checkDecryption(ReconcileContext<Kustomization> context) {
    if (context.resource().getSpec().getDecryption() != null) {
      throw new ReconcileError.Stalling(DECRYPTION_FAILED, "SOPS decryption is not supported yet");
    }
    return StepResult.SUCCESS;
  }

  private StepResult checkDependencies(ReconcileContext<Kustomization> context) {
    Kustomization k = context.resource();
    if (k.getSpec().getDependsOn() == null) {
      return StepResult.SUCCESS;
    }
    for (var dependency : k.getSpec().getDependsOn()) {
      String namespace =
          dependency.getNamespace() == null || dependency.getNamespace().isEmpty()
              ? k.getMetadata().getNamespace()
              : dependency.getNamespace();
      String message = DependencyReadiness.notReady(client, namespace, dependency.getName());
      if (message != null) {
        throw new ReconcileError.Waiting(
            Reasons.DEPENDENCY_NOT_READY,
            "Dependencies do not meet ready condition ("
                + message
                + "), retrying in "
                + GoDuration.format(requeueDependency),
            requeueDependency);
      }
    }
    return StepResult.SUCCESS;
  }

  private StepResult reconcileRevision(ReconcileContext<Kustomization> context) throws Exception {
    Kustomization k = context.resource();
    KustomizationStatus status = status(k);
    SourceArtifact artifact = SourceArtifact.resolve(client, k, retryInterval(k));
    status.setLastAttemptedRevision(artifact.revision());
    context.annotateEvents("revision", artifact.revision());
    List<JsonNode> objects;
    try (FetchedArtifact fetched = fetch(artifact, retryInterval(k))) {
      objects = build(fetched.root(), k.getSpec(), retryInterval(k));
    }
    try {
      objects = PostBuildVariables.apply(objects, PostBuildVariables.collect(client, k));
    } catch (IOException | RuntimeException e) {
      throw new ReconcileError.Waiting(
          BUILD_FAILED, "post-build substitution failed: " + e.getMessage(), retryInterval(k));
    }
    Owner owner = owner(k);
    ApplyOptions.Builder options =
        ApplyOptions.builder(CONTROLLER_NAME)
            .owner(owner)
            .force(Boolean.TRUE.equals(k.getSpec().getForce()));
    ChangeSet changes;
    try {
      changes = applier.applyJson(objects, options.build());
    } catch (ApplyException e) {
      throw new ReconcileError.Waiting(
          Reasons.RECONCILIATION_FAILED, e.getMessage(), retryInterval(k));
    }
    Inventory previous = inventoryOf(k);
    Inventory current = Inventory.of(changes);
    status.setInventory(toStatus(current));
    if (Boolean.TRUE.equals(k.getSpec().getPrune())) {
      try {
        pruner(k).prune(previous, current);
      } catch (RuntimeException e) {
        throw new ReconcileError.Waiting(PRUNE_FAILED, e.getMessage(), retryInterval(k));
      }
    }
    checkHealth(context, current);
    status.setLastAppliedRevision(artifact.revision());
    context.succeededWith(
        Reasons.RECONCILIATION_SUCCEEDED, "Applied revision: " + artifact.revision());
    return StepResult.SUCCESS;
  }

  private FetchedArtifact fetch(SourceArtifact artifact, Duration retry)
      throws InterruptedException {
    try {
      return fetcher.fetch(artifact.url(), artifact.digest(), artifact.size());
    } catch (ArtifactFetchException | RuntimeException e) {
      throw new ReconcileError.Waiting(
          Reasons.ARTIFACT_FAILED,
          "failed to fetch artifact of revision " + artifact.revision() + ": " + e.getMessage(),
          retry);
    }
  }

  private List<JsonNode> build(Path root, KustomizationSpec spec, Duration retry) {
    Path dir = BuildPath.resolve(root, spec.getPath());
    try {
      KustomizationOverlay.prepare(dir, spec);
      List<ObjectNode> built = kustomizer.build(dir);
      return new ArrayList<>(built);
    } catch (KustomizeException | IOException | IllegalArgumentException e) {
      // Name files relative to the artifact, not the temporary directory it was extracted to.
      String message = String.valueOf(e.getMessage()).replace(root.toString() + "/", "");
      throw new ReconcileError.Waiting(BUILD_FAILED, "kustomize build failed: " + message, retry);
    }
  }

  private void checkHealth(ReconcileContext<Kustomization> context, Inventory current) {
    Kustomization k = context.resource();
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
    if (refs.isEmpty()) {
      context.conditions().delete(ConditionTypes.HEALTHY);
      return;
    }
    WaitResult result =
        HealthWaiter.of(applier.resources()).failingFast().waitFor(refs, timeout(k));
    if (!result.allCurrent()) {
      String message =
          "Health check failed after " + timeout(k).toSeconds() + "s: " + result.message();
      context.conditions().markFalse(ConditionTypes.HEALTHY, Reasons.HEALTH_CHECK_FAILED, message);
      throw new ReconcileError.Waiting(Reasons.HEALTH_CHECK_FAILED, message, retryInterval(k));
    }
    context.conditions().markTrue(ConditionTypes.HEALTHY, Reasons.SUCCEEDED, "Health check passed");
  }

  private Pruner pruner(Kustomization k) {
    return new Pruner(applier.resources(), owner(k), Kustomization.GROUP);
  }

  private static Owner owner(Kustomization k) {
    return new Owner(
        Kustomization.GROUP, k.getMetadata().getName(), k.getMetadata().getNamespace());
  }

  private static KustomizationStatus status(Kustomization k) {
    if (k.getStatus() == null) {
      k.setStatus(new KustomizationStatus());
    }
    return k.getStatus();
  }

  static Inventory inventoryOf(Kustomization k) {
    KustomizationStatus status = k.getStatus();
    if (status == null
        || status.getInventory() == null
        || status.getInventory().getEntries() == null) {
      return Inventory.empty();
    }
    List<InventoryEntry> entries = new ArrayList<>();
    for (ResourceRef ref : status.getInventory().getEntries()) {
      entries.add(new InventoryEntry(ref.getId(), ref.getV()));
    }
    return new Inventory(entries);
  }

  static ResourceInventory toStatus(Inventory inventory) {
    List<ResourceRef> refs = new ArrayList<>();
    for (InventoryEntry entry : inventory.entries()) {
      ResourceRef ref = new ResourceRef();
      ref.setId(entry.id());
      ref.setV(entry.v());
      refs.add(ref);
    }
    ResourceInventory result = new ResourceInventory();
    result.setEntries(refs);
    return result;
  }

  private static Duration retryInterval(Kustomization k) {
    String retry = k.getSpec().getRetryInterval();
    return GoDuration.parse(retry == null || retry.isEmpty() ? k.getSpec().getInterval() : retry);
  }

  private static Duration timeout(Kustomization k) {
    String timeout = k.getSpec().getTimeout();
    return GoDuration.parse(
        timeout == null || timeout.isEmpty() ? k.getSpec().getInterval() : timeout);
  }
}

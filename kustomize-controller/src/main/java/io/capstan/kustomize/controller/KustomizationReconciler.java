package io.capstan.kustomize.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationSpec;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.api.kustomize.v1.ResourceInventory;
import io.capstan.api.kustomize.v1.ResourceRef;
import io.capstan.kustomize.controller.decryption.BuildDecryption;
import io.capstan.kustomize.controller.decryption.SopsDecryptionException;
import io.capstan.kustomize.controller.decryption.SopsDecryptor;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.artifact.ArtifactFetchException;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.conditions.ConditionTypes;
import io.capstan.runtime.conditions.Reasons;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.events.EventType;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kustomization reconcile: source artifact → fetch and verify → kustomize build → server-side
 * apply → prune → health, with Flux's conditions, reasons and status fields ({@code
 * lastAttemptedRevision}, {@code lastAppliedRevision}, {@code lastAppliedOriginRevision}, {@code
 * inventory}, {@code history}). Apply, prune, health and deletion run on the {@link TargetCluster}
 * (impersonated service account, remote kubeconfig) and report through {@link ClusterSync}.
 */
public final class KustomizationReconciler implements KindReconciler<Kustomization>, AutoCloseable {

  /** The field manager and controller name. */
  public static final String CONTROLLER_NAME = "kustomize-controller";

  /** Reason of a failed {@code kustomize build}. */
  public static final String BUILD_FAILED = "BuildFailed";

  /** Reason of a failed garbage collection. */
  public static final String PRUNE_FAILED = "PruneFailed";

  /**
   * Flux's {@code DecryptionFailed} reason. Flux declares it but reports decryption failures as
   * {@code BuildFailed} (they happen inside the build), and so does this controller.
   */
  public static final String DECRYPTION_FAILED = "DecryptionFailed";

  private static final Logger LOG = LoggerFactory.getLogger(KustomizationReconciler.class);

  /**
   * The controller-wide options, named after Flux's flags.
   *
   * @param defaultServiceAccount {@code --default-service-account}: impersonated when a
   *     Kustomization sets no {@code serviceAccountName} (null or empty: none)
   * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}: a {@code sourceRef} or {@code
   *     dependsOn} in another namespace stalls with {@code AccessDenied}
   * @param requeueDependency {@code --requeue-dependency}: the retry delay while a dependency is
   *     not ready or the source has no artifact yet
   * @param sopsAgeSecret {@code --sops-age-secret} as {@code namespace/name}: age keys for a {@code
   *     spec.decryption} without {@code secretRef} (null: none)
   */
  public record Options(
      String defaultServiceAccount,
      boolean noCrossNamespaceRefs,
      Duration requeueDependency,
      String sopsAgeSecret) {

    /** Flux's defaults: no default service account, cross-namespace references allowed, 30s. */
    public static final Options DEFAULTS = new Options(null, false, Duration.ofSeconds(30));

    /** Options without a controller-wide SOPS age Secret. */
    public Options(
        String defaultServiceAccount, boolean noCrossNamespaceRefs, Duration requeueDependency) {
      this(defaultServiceAccount, noCrossNamespaceRefs, requeueDependency, null);
    }

    /** Checks the delay. */
    public Options {
      if (requeueDependency == null
          || requeueDependency.isNegative()
          || requeueDependency.isZero()) {
        throw new IllegalArgumentException("requeueDependency must be positive");
      }
    }
  }

  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final ImpersonatedClients clients;
  private final Options options;
  private final Kustomizer kustomizer = Kustomizer.create();
  private final FeatureGates features;

  /** A reconciler reading sources and applying objects through {@code client}, Flux's defaults. */
  public KustomizationReconciler(KubernetesClient client, ArtifactFetcher fetcher) {
    this(client, fetcher, Options.DEFAULTS, FeatureGates.DEFAULTS);
  }

  /**
   * A reconciler reading sources through {@code client}, with the controller-wide options and
   * feature gates.
   */
  public KustomizationReconciler(
      KubernetesClient client, ArtifactFetcher fetcher, Options options, FeatureGates features) {
    this.client = client;
    this.fetcher = fetcher;
    this.clients = new ImpersonatedClients(client);
    this.options = Objects.requireNonNull(options, "options");
    this.features = Objects.requireNonNull(features, "features");
  }

  /** Closes the impersonating clients built for service accounts (not the controller's client). */
  @Override
  public void close() {
    clients.close();
  }

  @Override
  public ConditionTable conditions() {
    return ConditionTable.builder().positive(ConditionTypes.HEALTHY).build();
  }

  @Override
  public List<Step<ReconcileContext<Kustomization>>> steps() {
    return List.of(
        Step.of("checkHealthCheckExprs", BuildSteps::checkHealthCheckExprs),
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

  /**
   * Applies {@code deletionPolicy} to the inventory with the Kustomization's identity and cluster
   * (impersonation, kubeConfig). A suspended Kustomization deletes nothing; when the service
   * account to impersonate is gone the objects are left and logged, as Flux does, so the finalizer
   * can go.
   */
  @Override
  public void cleanup(Kustomization resource) {
    KustomizationSpec spec = resource.getSpec();
    Inventory inventory = inventoryOf(resource);
    if (inventory.entries().isEmpty() || Boolean.TRUE.equals(spec.getSuspend())) {
      return;
    }
    if (!TargetCluster.canImpersonate(client, resource, options.defaultServiceAccount())) {
      LOG.error(
          "Kustomization {}/{}: skipping pruning, failed to find account to impersonate;"
              + " unable to prune objects: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          inventory.refs());
      return;
    }
    DeletionPolicy policy =
        DeletionPolicy.parse(
            spec.getDeletionPolicy() == null ? null : spec.getDeletionPolicy().name());
    try (TargetCluster target =
        TargetCluster.open(
            clients, resource, options.defaultServiceAccount(), retryInterval(resource))) {
      new Pruner(target.applier().resources(), ClusterSync.owner(resource), Kustomization.GROUP)
          .deleteForPolicy(
              inventory, policy, Boolean.TRUE.equals(spec.getPrune()), timeout(resource));
    } catch (Pruner.PruneException e) {
      if (!e.terminationTimedOut()) {
        throw e;
      }
      // Flux gives up waiting after spec.timeout: a Warning event, and the finalizer goes.
      throw new ReconcileError.Generic(
              PRUNE_FAILED, "failed to wait for resources termination: " + e.getMessage())
          .ignoring();
    }
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
      if (options.noCrossNamespaceRefs() && !namespace.equals(k.getMetadata().getNamespace())) {
        throw new ReconcileError.Stalling(
            SourceArtifact.ACCESS_DENIED,
            "can't access '"
                + Kustomization.KIND
                + "/"
                + namespace
                + "/"
                + dependency.getName()
                + "', cross-namespace references have been blocked");
      }
      String message = BuildSteps.dependencyNotReady(client, k, namespace, dependency, features);
      if (message != null) {
        throw new ReconcileError.Waiting(
            Reasons.DEPENDENCY_NOT_READY,
            "Dependencies do not meet ready condition ("
                + message
                + "), retrying in "
                + GoDuration.format(options.requeueDependency()),
            options.requeueDependency());
      }
    }
    return StepResult.SUCCESS;
  }

  private StepResult reconcileRevision(ReconcileContext<Kustomization> context) throws Exception {
    Instant started = Instant.now();
    Kustomization k = context.resource();
    KustomizationStatus status = status(k);
    SourceArtifact artifact =
        SourceArtifact.resolve(
            client,
            k,
            retryInterval(k),
            options.requeueDependency(),
            options.noCrossNamespaceRefs());
    status.setLastAttemptedRevision(artifact.revision());
    context.annotateEvents(EventRecorder.REVISION, artifact.revision());
    if (artifact.originRevision() != null) {
      context.annotateEvents(EventRecorder.ORIGIN_REVISION, artifact.originRevision());
    }
    List<JsonNode> objects;
    SopsDecryptor decryptor = decryptor(k, context::redact, retryInterval(k));
    try (FetchedArtifact fetched = fetch(artifact, retryInterval(k))) {
      objects = build(fetched.root(), k.getSpec(), retryInterval(k), decryptor);
    }
    objects = BuildSteps.postBuild(client, k, objects, features, context::redact, retryInterval(k));
    String digest = ReconcileHistory.digest(objects);
    Map<String, String> historyMetadata = new LinkedHashMap<>();
    historyMetadata.put(EventRecorder.REVISION, artifact.revision());
    if (artifact.originRevision() != null) {
      historyMetadata.put(EventRecorder.ORIGIN_REVISION, artifact.originRevision());
    }
    boolean newRevision = !artifact.revision().equals(status.getLastAppliedRevision());
    try (TargetCluster target =
        TargetCluster.open(clients, k, options.defaultServiceAccount(), retryInterval(k))) {
      ClusterSync sync = new ClusterSync(target, context, retryInterval(k), timeout(k));
      try {
        List<JsonNode> applied =
            BuildSteps.ignoreDriftOf(target.applier().resources(), k, objects, retryInterval(k));
        ChangeSet changes = sync.apply(applied, artifact.revision());
        Inventory previous = inventoryOf(k);
        Inventory current = Inventory.of(changes);
        status.setInventory(toStatus(current));
        if (Boolean.TRUE.equals(k.getSpec().getPrune())) {
          sync.prune(previous, current, artifact.revision());
        }
        sync.checkHealth(current, newRevision && changes.hasChanges());
      } catch (ReconcileError e) {
        recordHistory(status, digest, started, e.reason(), historyMetadata);
        throw e;
      }
    }
    status.setLastAppliedRevision(artifact.revision());
    status.setLastAppliedOriginRevision(artifact.originRevision());
    recordHistory(status, digest, started, Reasons.RECONCILIATION_SUCCEEDED, historyMetadata);
    context.succeededWith(
        Reasons.RECONCILIATION_SUCCEEDED, "Applied revision: " + artifact.revision());
    return StepResult.SUCCESS;
  }

  private static void recordHistory(
      KustomizationStatus status,
      String digest,
      Instant started,
      String outcome,
      Map<String, String> metadata) {
    Instant now = Instant.now();
    status.setHistory(
        ReconcileHistory.upsert(
            status.getHistory(), digest, now, Duration.between(started, now), outcome, metadata));
  }

  private FetchedArtifact fetch(SourceArtifact artifact, Duration retry)
      throws InterruptedException {
    try {
      return fetcher.fetch(artifact.url(), artifact.digest(), artifact.size());
    } catch (ArtifactFetchException | RuntimeException e) {
      throw new ReconcileError.Waiting(
              Reasons.ARTIFACT_FAILED,
              "failed to fetch artifact of revision " + artifact.revision() + ": " + e.getMessage(),
              retry)
          .withEvent(EventType.WARNING);
    }
  }

  private SopsDecryptor decryptor(Kustomization k, Consumer<String> redact, Duration retry) {
    try {
      return DecryptionKeys.decryptor(client, k, options.sopsAgeSecret(), redact);
    } catch (SopsDecryptionException e) {
      throw buildFailed(e.getMessage(), retry);
    }
  }

  private List<JsonNode> build(
      Path root, KustomizationSpec spec, Duration retry, SopsDecryptor decryptor) {
    Path dir = BuildPath.resolve(root, spec.getPath());
    try {
      KustomizationOverlay.prepare(dir, spec);
      if (decryptor != null) {
        BuildDecryption.decryptSources(root, dir, decryptor);
      }
      List<JsonNode> built = new ArrayList<>(kustomizer.build(dir));
      if (decryptor != null) {
        return BuildDecryption.decryptResources(built, decryptor);
      }
      for (JsonNode object : built) {
        if (BuildDecryption.isEncryptedSecret(object)) {
          throw new ReconcileError.Waiting(
                  Reasons.RECONCILIATION_FAILED,
                  BuildDecryption.describe(object)
                      + " is SOPS encrypted, configuring decryption is required for this secret to"
                      + " be reconciled",
                  retry)
              .withEvent(EventType.WARNING);
        }
      }
      return built;
    } catch (SopsDecryptionException e) {
      throw buildFailed(String.valueOf(e.getMessage()).replace(root.toString() + "/", ""), retry);
    } catch (KustomizeException | IOException | IllegalArgumentException e) {
      // Name files relative to the artifact, not the temporary directory it was extracted to.
      String message = String.valueOf(e.getMessage()).replace(root.toString() + "/", "");
      throw buildFailed("kustomize build failed: " + message, retry);
    }
  }

  private static ReconcileError buildFailed(String message, Duration retry) {
    return new ReconcileError.Waiting(BUILD_FAILED, message, retry).withEvent(EventType.WARNING);
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

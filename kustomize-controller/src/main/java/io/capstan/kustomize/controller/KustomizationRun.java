package io.capstan.kustomize.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.KustomizationStatus;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.meta.Reasons;
import io.capstan.kustomize.controller.build.KustomizeBuild;
import io.capstan.kustomize.controller.cluster.ClusterSync;
import io.capstan.kustomize.controller.cluster.TargetCluster;
import io.capstan.kustomize.controller.decryption.SopsBuildExtension;
import io.capstan.kustomize.controller.decryption.SopsDecryptionException;
import io.capstan.kustomize.controller.source.SourceArtifact;
import io.capstan.kustomize.controller.status.InventoryStatus;
import io.capstan.kustomize.controller.status.ReconcileHistory;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.cel.CustomHealthChecks;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventRecorder;
import io.capstan.runtime.inventory.Inventory;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one Kustomization, as Flux's kustomize-controller runs it: named steps sharing
 * what the earlier ones produced (the source artifact, the extracted tree, the built objects, the
 * target cluster, the applied inventory). {@link #steps()} reads like a table of contents; each
 * step sets the conditions it owns (through the errors it throws, which the runtime turns into
 * {@code Ready}/{@code Stalled}, or {@code Healthy} directly) and the log line of a failure names
 * the step.
 *
 * <p>What a run holds (the extracted artifact, a remote cluster's client) is released when a step
 * fails or the last step ends.
 */
final class KustomizationRun {

  private static final Logger LOG = LoggerFactory.getLogger(KustomizationRun.class);

  private final KustomizationReconciler owner;
  private final Instant started = Instant.now();
  private SopsBuildExtension decryption;
  private SourceArtifact artifact;
  private FetchedArtifact fetched;
  private List<JsonNode> objects;
  private String digest;
  private final Map<String, String> historyMetadata = new LinkedHashMap<>();
  private TargetCluster target;
  private ClusterSync sync;
  private ChangeSet applied;
  private Inventory previous;
  private Inventory inventory;

  KustomizationRun(KustomizationReconciler owner) {
    this.owner = owner;
  }

  /** The steps in order; the last one (or any failing one) releases what the run holds. */
  List<Step<ReconcileContext<Kustomization>>> steps() {
    return List.of(
        step("checkHealthCheckExprs", this::checkHealthCheckExprs, false),
        step("checkDecryption", this::checkDecryption, false),
        step("checkDependencies", this::checkDependencies, false),
        step("reconcileSource", this::reconcileSource, false),
        step("reconcileBuild", this::reconcileBuild, false),
        step("reconcileApply", this::reconcileApply, false),
        step("reconcilePrune", this::reconcilePrune, false),
        step("reconcileHealth", this::reconcileHealth, false),
        step("reconcileHistory", this::reconcileHistory, true));
  }

  /**
   * {@code spec.healthCheckExprs} must compile: otherwise {@code Stalled=True}, {@code Ready=False
   * InvalidCELExpression}, nothing applied.
   */
  StepResult checkHealthCheckExprs(ReconcileContext<Kustomization> ctx) {
    try {
      CustomHealthChecks.compile(ctx.resource().getSpec().getHealthCheckExprs());
    } catch (CelExpressionException e) {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_CEL_EXPRESSION,
          KustomizationConditions.TERMINAL_MESSAGE + e.getMessage());
    }
    return StepResult.SUCCESS;
  }

  /**
   * Reads the keys of {@code spec.decryption} ({@link DecryptionKeys}: the {@code secretRef}
   * Secret, else the {@code *.agekey} entries of {@code --sops-age-secret}) before the artifact is
   * fetched, and prepares the run's {@link SopsBuildExtension}. {@code Ready=False BuildFailed} as
   * Flux when the Secret is missing or a key cannot be imported. Without {@code spec.decryption}
   * the extension decrypts nothing and rejects SOPS-encrypted Secrets.
   */
  StepResult checkDecryption(ReconcileContext<Kustomization> ctx) {
    try {
      decryption =
          new SopsBuildExtension(
              DecryptionKeys.decryptor(
                  owner.client(), ctx.resource(), owner.options().sopsAgeSecret(), ctx::redact));
    } catch (SopsDecryptionException e) {
      throw SopsBuildExtension.buildFailed(e.getMessage());
    }
    return StepResult.SUCCESS;
  }

  /**
   * Every {@code dependsOn} Kustomization is ready, else {@code Ready=False DependencyNotReady}
   * (retried after {@code --requeue-dependency}); see {@link
   * io.capstan.kustomize.controller.dependencies.DependsOn}.
   */
  StepResult checkDependencies(ReconcileContext<Kustomization> ctx) {
    owner.dependsOn().check(ctx.resource());
    return StepResult.SUCCESS;
  }

  /**
   * Reads the source's artifact, records {@code lastAttemptedRevision} and the event revision
   * annotations, then downloads, verifies and extracts it. {@code Ready=False ArtifactFailed} when
   * the source or its artifact is missing or the download fails; {@code Stalled} for a blocked
   * cross-namespace reference ({@code AccessDenied}) or a reference without kind or name.
   */
  StepResult reconcileSource(ReconcileContext<Kustomization> ctx) throws InterruptedException {
    Kustomization k = ctx.resource();
    SourceArtifact.checkFeatureGate(k, owner.externalArtifact());
    artifact =
        SourceArtifact.resolve(
            owner.client(),
            k,
            owner.options().requeueDependency(),
            owner.options().noCrossNamespaceRefs());
    markProgressing(ctx, artifact.revision());
    status(k).setLastAttemptedRevision(artifact.revision());
    ctx.annotateEvents(EventRecorder.REVISION, artifact.revision());
    historyMetadata.put(EventRecorder.REVISION, artifact.revision());
    if (artifact.originRevision() != null) {
      ctx.annotateEvents(EventRecorder.ORIGIN_REVISION, artifact.originRevision());
      historyMetadata.put(EventRecorder.ORIGIN_REVISION, artifact.originRevision());
    }
    fetched = artifact.fetch(owner.fetcher());
    return StepResult.SUCCESS;
  }

  /**
   * Flux's start of {@code reconcile()}, once the source and the dependencies are there: {@code
   * Ready=Unknown Progressing "Reconciliation in progress"} and {@code Reconciling "Fetching
   * manifests for revision <r> with a timeout of <t>"}, written at once, so a cleared {@code
   * DependencyNotReady} or {@code ArtifactFailed} does not stay while the revision is applied. Only
   * when {@code Ready} is not True: Capstan keeps a healthy Kustomization's {@code Ready} (and its
   * {@code lastTransitionTime}) through a no-change reconcile without an extra status write.
   */
  private static void markProgressing(ReconcileContext<Kustomization> ctx, String revision) {
    if (ctx.conditions().isTrue(ConditionTypes.READY)) {
      return;
    }
    ctx.conditions()
        .markUnknown(
            ConditionTypes.READY, Reasons.PROGRESSING, KustomizationConditions.IN_PROGRESS);
    ctx.conditions()
        .markReconciling(
            Reasons.PROGRESSING,
            "Fetching manifests for revision "
                + revision
                + " with a timeout of "
                + GoDuration.format(KustomizationReconciler.timeout(ctx.resource())));
    ctx.patchStatus();
  }

  /**
   * Builds the objects from the extracted artifact ({@link
   * io.capstan.kustomize.controller.build.KustomizeBuild}: overlay, SOPS decryption of the sources
   * and the other extensions, kustomize, decryption of leftover {@code sops} objects, post-build
   * substitution, {@code commonMetadata}) and releases the tree. {@code Ready=False BuildFailed} on
   * any build error.
   */
  StepResult reconcileBuild(ReconcileContext<Kustomization> ctx) throws IOException {
    try (FetchedArtifact tree = fetched) {
      fetched = null;
      KustomizeBuild.Output output =
          owner.build().buildOutput(ctx.resource(), tree.root(), ctx::redact, List.of(decryption));
      objects = output.objects();
      digest = output.digest();
    }
    return StepResult.SUCCESS;
  }

  /**
   * Opens the target cluster (impersonation, {@code spec.kubeConfig}), drops {@code spec.ignore}
   * fields, dry-runs the whole set and applies it server-side, and records {@code
   * status.inventory}. {@code Ready=False ReconciliationFailed} naming the object that failed;
   * nothing is applied when the dry-run fails.
   */
  StepResult reconcileApply(ReconcileContext<Kustomization> ctx) {
    Kustomization k = ctx.resource();
    target =
        TargetCluster.open(
            owner.clients(),
            k,
            owner.options().defaultServiceAccount(),
            owner.options().remoteClusters());
    sync =
        new ClusterSync(
            target,
            ctx,
            KustomizationReconciler.CONTROLLER_NAME,
            KustomizationReconciler.timeout(k));
    recordingHistory(
        ctx,
        () -> {
          applied = sync.apply(sync.withoutIgnoredFields(objects), artifact.revision());
          previous = InventoryStatus.of(k);
          inventory = Inventory.of(applied);
          status(k).setInventory(InventoryStatus.toStatus(inventory));
        });
    return StepResult.SUCCESS;
  }

  /**
   * With {@code spec.prune}, deletes the objects of the previous inventory the new one no longer
   * has. {@code Ready=False PruneFailed} when a delete fails.
   */
  StepResult reconcilePrune(ReconcileContext<Kustomization> ctx) {
    if (Boolean.TRUE.equals(ctx.resource().getSpec().getPrune())) {
      recordingHistory(ctx, () -> sync.prune(previous, inventory, artifact.revision()));
    }
    return StepResult.SUCCESS;
  }

  /**
   * With {@code spec.wait} or {@code spec.healthChecks}, waits for the objects within {@code
   * spec.timeout}: {@code Healthy=True Succeeded}, or {@code Healthy=False} and {@code Ready=False
   * HealthCheckFailed} naming the objects. No health check configured: no {@code Healthy}.
   */
  StepResult reconcileHealth(ReconcileContext<Kustomization> ctx) {
    boolean newRevision =
        !artifact.revision().equals(status(ctx.resource()).getLastAppliedRevision());
    recordingHistory(ctx, () -> sync.checkHealth(inventory, newRevision && applied.hasChanges()));
    return StepResult.SUCCESS;
  }

  /**
   * Everything succeeded: {@code lastAppliedRevision}, {@code lastAppliedOriginRevision}, a {@code
   * ReconciliationSucceeded} history entry and {@code Ready=True} "Applied revision: ...".
   */
  StepResult reconcileHistory(ReconcileContext<Kustomization> ctx) {
    KustomizationStatus status = status(ctx.resource());
    status.setLastAppliedRevision(artifact.revision());
    status.setLastAppliedOriginRevision(artifact.originRevision());
    recordHistory(status, Reasons.RECONCILIATION_SUCCEEDED);
    ctx.succeededWith(Reasons.RECONCILIATION_SUCCEEDED, "Applied revision: " + artifact.revision());
    return StepResult.SUCCESS;
  }

  /** Runs {@code work}; a failure is recorded in {@code status.history} with its reason. */
  private void recordingHistory(ReconcileContext<Kustomization> ctx, Runnable work) {
    try {
      work.run();
    } catch (ReconcileError e) {
      recordHistory(status(ctx.resource()), e.reason());
      throw e;
    }
  }

  private void recordHistory(KustomizationStatus status, String outcome) {
    Instant now = Instant.now();
    status.setHistory(
        ReconcileHistory.upsert(
            status.getHistory(),
            digest,
            now,
            Duration.between(started, now),
            outcome,
            historyMetadata));
  }

  private Step<ReconcileContext<Kustomization>> step(
      String name, Step.Action<ReconcileContext<Kustomization>> action, boolean last) {
    return Step.of(
        name,
        ctx -> {
          boolean done = last;
          try {
            return action.run(ctx);
          } catch (Exception | Error e) {
            done = true;
            throw e;
          } finally {
            if (done) {
              release();
            }
          }
        });
  }

  /** Deletes the extracted artifact and closes a remote cluster's client, whichever step ended. */
  private void release() {
    if (fetched != null) {
      try {
        fetched.close();
      } catch (IOException e) {
        LOG.warn("could not delete the extracted artifact {}: {}", fetched.root(), e.getMessage());
      }
      fetched = null;
    }
    if (target != null) {
      target.close();
      target = null;
    }
  }

  private static KustomizationStatus status(Kustomization k) {
    if (k.getStatus() == null) {
      k.setStatus(new KustomizationStatus());
    }
    return k.getStatus();
  }
}

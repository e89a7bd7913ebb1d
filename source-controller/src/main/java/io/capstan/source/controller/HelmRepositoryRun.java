package io.capstan.source.controller;

import static io.capstan.source.controller.HelmRepositoryConditions.AUTHENTICATION_FAILED;
import static io.capstan.source.controller.HelmRepositoryConditions.INDEXATION_FAILED;
import static io.capstan.source.controller.HelmRepositoryConditions.INVALID_PROVIDER_CONFIGURATION;
import static io.capstan.source.controller.HelmRepositoryConditions.URL_INVALID;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.SourceConditions.FETCH_FAILED;
import static io.capstan.source.controller.SourceConditions.NEW_REVISION;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.HelmRepositorySpec;
import io.capstan.api.source.v1.HelmRepositoryStatus;
import io.capstan.api.source.v1.HelmRepositoryType;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.source.helm.ChartRepositoryIndex;
import io.capstan.source.helm.Download;
import io.capstan.source.helm.IndexJson;
import io.capstan.source.storage.ArtifactStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One reconcile of one {@code type: default} HelmRepository: Flux's three named steps sharing the
 * downloaded index. The index is fetched into a per-run work directory (always deleted when the run
 * ends); its SHA-256 is the revision; an index equal to the stored artifact ends the run without
 * parsing; a new one must parse before it replaces the artifact, so a broken or oversized index
 * leaves the previous artifact served. The artifact is the loaded index written as Flux writes it
 * ({@link IndexJson}), so its digest differs from the revision as in Flux.
 */
final class HelmRepositoryRun {

  private final HelmRepositoryReconciler owner;
  private final ArtifactStorage storage;
  private final SourceArtifactSteps<HelmRepository> steps;
  private Download fetched;
  private ChartRepositoryIndex index;
  private Path artifactFile;

  HelmRepositoryRun(HelmRepositoryReconciler owner) {
    this.owner = owner;
    this.storage = owner.parts().storage();
    this.steps =
        new SourceArtifactSteps<>(
            storage,
            owner.parts().workRoot(),
            HelmRepositoryConditions::storedArtifact,
            "index.yaml");
  }

  /** The steps in order; the last one (or any failing one) removes the working directory. */
  List<Step<ReconcileContext<HelmRepository>>> steps() {
    return List.of(
        steps.step("reconcileStorage", this::reconcileStorage, false),
        steps.step("reconcileSource", this::reconcileSource, false),
        steps.step("reconcileArtifact", this::reconcileArtifact, true));
  }

  /** The artifact in status exists and verifies; otherwise it is dropped from status. */
  StepResult reconcileStorage(ReconcileContext<HelmRepository> ctx) throws Exception {
    HelmRepositoryStatus status = ctx.resource().getStatus();
    HelmRepositorySpec spec = ctx.resource().getSpec();
    if (spec.getType() == HelmRepositoryType.OCI) {
      // Only an OCI provider Capstan cannot use reaches the reconciler (see the controller).
      owner.removeArtifacts(ctx.resource());
      status.setArtifact(null);
      status.setUrl(null);
      ctx.conditions().delete(SourceConditions.ARTIFACT_IN_STORAGE);
      throw new ReconcileError.Stalling(
          INVALID_PROVIDER_CONFIGURATION,
          "provider '"
              + spec.getProvider()
              + "' is not supported yet for HelmRepository type 'oci' (supported: generic)");
    }
    return steps.reconcileStorage(ctx, status, status::setArtifact, status::setUrl);
  }

  /** Fetches {@code index.yaml}; a new revision must parse as a Helm repository index. */
  StepResult reconcileSource(ReconcileContext<HelmRepository> ctx) throws Exception {
    HelmRepository repo = ctx.resource();
    HelmRepositorySpec spec = repo.getSpec();
    String url = spec.getUrl() == null ? "" : spec.getUrl().trim();
    if (url.toLowerCase(Locale.ROOT).startsWith("oci://")) {
      throw stalledUrl(
          ctx,
          "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default'"
              + " HelmRepository type");
    }
    ChartRepositoryClient client;
    try {
      client =
          HelmRepositoryAccess.client(owner.parts().secrets(), repo, owner.settings(), ctx::redact);
    } catch (HelmRepositoryAccess.InvalidAuth e) {
      throw fetchFailed(AUTHENTICATION_FAILED, e.getMessage(), null);
    } catch (ChartRepositoryException.InvalidUrl e) {
      throw stalledUrl(ctx, "invalid Helm repository URL: " + e.getMessage());
    }
    Path target = steps.newWorkDir("helmrepository-").resolve("index.yaml");
    try {
      fetched = client.fetchIndex(target);
    } catch (ChartRepositoryException e) {
      throw fetchFailed(
          Reasons.FAILED, "failed to fetch Helm repository index: " + e.getMessage(), e);
    }
    Artifact current = repo.getStatus().getArtifact();
    if (current != null && fetched.digest().equals(current.getRevision())) {
      // Flux: the fetched index is the stored one; nothing to parse or store.
      ctx.conditions().delete(FETCH_FAILED);
      return StepResult.SUCCESS;
    }
    try {
      index = ChartRepositoryIndex.load(target, owner.settings().indexMaxSize());
      // Flux stores the loaded index re-serialised as JSON (ChartRepository.ToJSON)
      artifactFile = target.resolveSibling("index.json");
      IndexJson.write(target, artifactFile);
    } catch (ChartRepositoryException e) {
      throw fetchFailed(
          INDEXATION_FAILED,
          "failed to load Helm repository from index YAML: " + e.getMessage(),
          e);
    }
    ctx.conditions().delete(FETCH_FAILED);
    String message = "new index revision '" + fetched.digest() + "'";
    if (current != null) {
      ctx.conditions().markTrue(ARTIFACT_OUTDATED, NEW_REVISION, message);
    }
    ctx.conditions().markReconciling(Reasons.PROGRESSING, "building artifact: " + message);
    return StepResult.SUCCESS;
  }

  /** Stores the fetched index unless the artifact already has its revision. */
  StepResult reconcileArtifact(ReconcileContext<HelmRepository> ctx) throws Exception {
    HelmRepository repo = ctx.resource();
    HelmRepositoryStatus status = repo.getStatus();
    String revision = fetched.digest();
    Artifact current = status.getArtifact();
    if (current != null && revision.equals(current.getRevision())) {
      // Flux extends the cached index's TTL when the artifact is up to date.
      owner.cache().get(current.getPath());
      steps.markStored(ctx, revision);
      return StepResult.SUCCESS;
    }
    Artifact artifact;
    try {
      artifact =
          storage.copyFromPath(
              storage.newArtifact(
                  HelmRepositoryReconciler.owner(repo),
                  revision,
                  "index-" + fetched.sha256() + ".yaml"),
              artifactFile);
    } catch (IOException | UncheckedIOException e) {
      throw SourceArtifactSteps.archiveFailed(e);
    }
    status.setArtifact(artifact);
    status.setUrl(steps.linkUrl(artifact, status.getUrl()));
    if (index != null) {
      owner.cache().put(artifact.getPath(), index);
    }
    steps.stored(ctx, revision);
    return StepResult.SUCCESS;
  }

  private static ReconcileError.Stalling stalledUrl(
      ReconcileContext<HelmRepository> ctx, String message) {
    ctx.conditions().markTrue(FETCH_FAILED, URL_INVALID, message);
    return new ReconcileError.Stalling(URL_INVALID, message);
  }

  private static ReconcileError.Generic fetchFailed(
      String reason, String message, Throwable cause) {
    return new ReconcileError.Generic(reason, message, cause).withCondition(FETCH_FAILED);
  }
}

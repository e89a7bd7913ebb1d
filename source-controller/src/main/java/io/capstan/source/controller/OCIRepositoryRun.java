package io.capstan.source.controller;

import static io.capstan.source.controller.OCIRepositoryConditions.NEW_REVISION;
import static io.capstan.source.controller.OCIRepositoryConditions.OCI_LAYER_OPERATION_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.OCI_PULL_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.SOURCE_VERIFIED;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.SourceConditions.FETCH_FAILED;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.OCILayerOperation;
import io.capstan.api.source.v1.OCILayerSelector;
import io.capstan.api.source.v1.OCIRepository;
import io.capstan.api.source.v1.OCIRepositoryRef;
import io.capstan.api.source.v1.OCIRepositorySpec;
import io.capstan.api.source.v1.OCIRepositoryStatus;
import io.capstan.oci.Descriptor;
import io.capstan.oci.ManifestResponse;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import io.capstan.oci.OciReference;
import io.capstan.oci.Platform;
import io.capstan.runtime.artifact.ArchiveExtractor;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.git.SourceIgnore;
import io.capstan.source.oci.TagSelector;
import io.capstan.source.storage.ArtifactStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * One reconcile of one OCIRepository: Flux's three named steps sharing the work directory, the
 * resolved revision and the pulled layer. {@code reconcileSource} resolves the reference with a
 * HEAD request and downloads nothing when the stored artifact already has that revision and the
 * content configuration ({@code ignore}, {@code layerSelector}) did not change. The work directory
 * is always deleted when the run ends, whichever step ends it.
 */
final class OCIRepositoryRun {

  /** Flux's artifact content media type, what {@code flux push artifact} writes. */
  static final String FLUX_CONTENT_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";

  private final OCIRepositoryReconciler owner;
  private final ArtifactStorage storage;
  private final SourceArtifactSteps<OCIRepository> steps;
  private String revision;
  private String digest;
  private boolean unchanged;
  private Path layerFile;
  private Path contentDir;
  private ManifestResponse manifest;

  OCIRepositoryRun(OCIRepositoryReconciler owner) {
    this.owner = owner;
    this.storage = owner.parts().storage();
    this.steps =
        new SourceArtifactSteps<>(
            storage, owner.parts().workRoot(), OCIRepositoryConditions::storedArtifact);
  }

  /** The steps in order; the last one (or any failing one) removes the work directory. */
  List<Step<ReconcileContext<OCIRepository>>> steps() {
    return List.of(
        steps.step("reconcileStorage", this::reconcileStorage, false),
        steps.step("reconcileSource", this::reconcileSource, false),
        steps.step("reconcileArtifact", this::reconcileArtifact, true));
  }

  /** The artifact in status exists and verifies; otherwise it is dropped from status. */
  StepResult reconcileStorage(ReconcileContext<OCIRepository> ctx) throws Exception {
    OCIRepositoryStatus status = ctx.resource().getStatus();
    return steps.reconcileStorage(ctx, status, status::setArtifact, status::setUrl);
  }

  /**
   * Resolves the reference to a digest (HEAD), and when the revision or the content configuration
   * changed, pulls the manifest and the selected layer (extracted or copied) into the work
   * directory.
   */
  StepResult reconcileSource(ReconcileContext<OCIRepository> ctx) throws Exception {
    OCIRepository repo = ctx.resource();
    OCIRepositorySpec spec = repo.getSpec();
    OciReference repository = OCIRepositoryAccess.repository(repo);
    OCIRepositoryVerify.validate(spec.getVerify());
    OciClient shared = new OCIRepositoryAccess(owner).client(ctx, repository);
    // One deadline over the whole fetch (resolve, verify, manifest, layer), as Flux's
    // context.WithTimeout(ctx, spec.timeout) around reconcileSource.
    try (OciClient client = shared.withDeadline(OCIRepositoryAccess.timeout(spec))) {
      return fetch(ctx, client, repository);
    }
  }

  private StepResult fetch(
      ReconcileContext<OCIRepository> ctx, OciClient client, OciReference repository)
      throws Exception {
    OCIRepository repo = ctx.resource();
    OCIRepositorySpec spec = repo.getSpec();
    OciReference ref = resolveReference(client, repository, spec.getRef());
    Descriptor head;
    try {
      head = client.resolve(ref);
    } catch (OciException e) {
      throw pullFailed("failed to determine artifact digest: " + e.getMessage(), e);
    }
    digest = head.digest();
    revision = ref.digest() != null ? digest : ref.tag() + "@" + digest;
    ctx.conditions().delete(FETCH_FAILED);

    OCIRepositoryStatus status = repo.getStatus();
    Artifact current = status.getArtifact();
    boolean verifyConfigured = spec.getVerify() != null;
    if (verifyConfigured) {
      if (current == null
          || !revision.equals(current.getRevision())
          || !ctx.conditions().isTrue(SOURCE_VERIFIED)) {
        OCIRepositoryVerify.verify(
            ctx, owner.parts().secrets(), client, ref.withDigest(digest), revision);
      }
    } else {
      ctx.conditions().delete(SOURCE_VERIFIED);
    }

    if (current != null
        && revision.equals(current.getRevision())
        && !contentConfigChanged(spec, status)) {
      unchanged = true;
      return StepResult.SUCCESS;
    }
    String message = "new revision '" + revision + "' for '" + spec.getUrl() + "'";
    if (current != null) {
      ctx.conditions().markTrue(ARTIFACT_OUTDATED, NEW_REVISION, message);
    }
    ctx.conditions().markReconciling(Reasons.PROGRESSING, "building artifact: " + message);
    pull(client, ref.withDigest(digest), spec.getLayerSelector());
    return StepResult.SUCCESS;
  }

  private OciReference resolveReference(
      OciClient client, OciReference repository, OCIRepositoryRef ref) {
    if (ref != null && notBlank(ref.getDigest())) {
      try {
        return repository.withDigest(ref.getDigest().trim());
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(
            OCI_PULL_FAILED, "failed to determine artifact digest: " + e.getMessage());
      }
    }
    if (ref != null && notBlank(ref.getSemver())) {
      TagSelector selector;
      try {
        selector = TagSelector.of(ref.getSemver(), ref.getSemverFilter());
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(
            OCI_PULL_FAILED, "failed to determine the artifact tag: " + e.getMessage());
      }
      List<String> tags;
      try {
        tags = client.listTags(repository);
      } catch (OciException e) {
        throw pullFailed("failed to determine artifact digest: " + e.getMessage(), e);
      }
      String tag =
          selector
              .select(tags)
              .orElseThrow(
                  () ->
                      pullFailed(
                          "failed to determine artifact digest: no match found for semver: "
                              + ref.getSemver(),
                          null));
      return repository.withTag(tag);
    }
    String tag = ref != null && notBlank(ref.getTag()) ? ref.getTag().trim() : "latest";
    try {
      return repository.withTag(tag);
    } catch (IllegalArgumentException e) {
      throw new ReconcileError.Stalling(
          OCI_PULL_FAILED, "failed to determine artifact digest: " + e.getMessage());
    }
  }

  private void pull(OciClient client, OciReference ref, OCILayerSelector selector)
      throws IOException {
    try {
      // An image index resolves to its linux/amd64 entry: Flux pulls with go-containerregistry's
      // remote.Image and no platform option, whose default platform that is.
      manifest = client.imageManifest(ref, Platform.LINUX_AMD64);
    } catch (OciException e) {
      throw pullFailed("failed to pull artifact from '" + ref + "': " + e.getMessage(), e);
    }
    List<Descriptor> layers = manifest.manifest().layersOrEmpty();
    String mediaType = selector == null ? null : selector.getMediaType();
    Descriptor layer;
    if (notBlank(mediaType)) {
      layer =
          layers.stream()
              .filter(l -> mediaType.equals(l.mediaType()))
              .findFirst()
              .orElseThrow(
                  () ->
                      layerFailed(
                          "failed to find layer with media type '"
                              + mediaType
                              + "' in OCI artifact"));
    } else if (layers.isEmpty()) {
      throw layerFailed("no layers found in artifact");
    } else {
      layer = layers.get(0);
    }
    Path workDir = steps.newWorkDir("ocirepository-");
    layerFile = workDir.resolve("layer.blob");
    try {
      client.fetchBlob(ref, layer, owner.maxLayerBytes(), layerFile);
    } catch (OciException.TooLarge e) {
      throw layerFailed("failed to extract layer contents from artifact: " + e.getMessage());
    } catch (OciException e) {
      throw pullFailed("failed to pull artifact from '" + ref + "': " + e.getMessage(), e);
    }
    if (operation(selector) == OCILayerOperation.extract) {
      contentDir = workDir.resolve("content");
      try {
        new ArchiveExtractor(owner.maxLayerBytes(), ArchiveExtractor.DEFAULT_MAX_ENTRIES)
            .extract(layerFile, contentDir);
      } catch (IOException e) {
        throw layerFailed("failed to extract layer contents from artifact: " + e.getMessage());
      }
    }
  }

  /** Archives the extracted layer (minus ignored paths) or stores the copied layer as it is. */
  StepResult reconcileArtifact(ReconcileContext<OCIRepository> ctx) throws Exception {
    OCIRepository repo = ctx.resource();
    OCIRepositoryStatus status = repo.getStatus();
    OCIRepositorySpec spec = repo.getSpec();
    if (unchanged) {
      steps.markStored(ctx, revision);
      return StepResult.SUCCESS;
    }
    String fileName = digest.substring(digest.indexOf(':') + 1) + ".tar.gz";
    Artifact artifact =
        storage.newArtifact(OCIRepositoryReconciler.owner(repo), revision, fileName);
    try {
      if (contentDir != null) {
        SourceIgnore ignore = SourceIgnore.load(contentDir, spec.getIgnore());
        artifact = storage.archive(artifact, contentDir, ignore::isIgnored);
      } else {
        artifact = storage.copyFromPath(artifact, layerFile);
      }
    } catch (IOException | UncheckedIOException e) {
      throw SourceArtifactSteps.archiveFailed(e);
    }
    if (manifest.manifest().annotations() != null && !manifest.manifest().annotations().isEmpty()) {
      artifact.setMetadata(new HashMap<>(manifest.manifest().annotations()));
    }
    status.setArtifact(artifact);
    status.setUrl(steps.linkUrl(artifact, status.getUrl()));
    status.setObservedIgnore(spec.getIgnore());
    status.setObservedLayerSelector(spec.getLayerSelector());
    steps.stored(ctx, revision);
    return StepResult.SUCCESS;
  }

  /** Flux's {@code ociContentConfigChanged}: ignore rules or layer selection differ. */
  static boolean contentConfigChanged(OCIRepositorySpec spec, OCIRepositoryStatus status) {
    if (!Objects.equals(spec.getIgnore(), status.getObservedIgnore())) {
      return true;
    }
    return !Objects.equals(
        normalized(spec.getLayerSelector()), normalized(status.getObservedLayerSelector()));
  }

  private static OCILayerSelector normalized(OCILayerSelector s) {
    if (s == null || (!notBlank(s.getMediaType()) && s.getOperation() == null)) {
      return null;
    }
    return s;
  }

  private static OCILayerOperation operation(OCILayerSelector selector) {
    return selector == null || selector.getOperation() == null
        ? OCILayerOperation.extract
        : selector.getOperation();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  static ReconcileError.Generic pullFailed(String message, Throwable cause) {
    String reason =
        cause instanceof OciException.Unauthorized
            ? OCIRepositoryConditions.AUTHENTICATION_FAILED
            : OCI_PULL_FAILED;
    return new ReconcileError.Generic(reason, message).withCondition(FETCH_FAILED);
  }

  private static ReconcileError.Generic layerFailed(String message) {
    return new ReconcileError.Generic(OCI_LAYER_OPERATION_FAILED, message)
        .withCondition(FETCH_FAILED);
  }
}

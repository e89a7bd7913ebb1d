package io.capstan.source.controller;

import static io.capstan.source.controller.OCIRepositoryConditions.ARCHIVE_OPERATION_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.ARTIFACT_IN_STORAGE;
import static io.capstan.source.controller.OCIRepositoryConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.OCIRepositoryConditions.FETCH_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.GARBAGE_COLLECTION_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.NEW_REVISION;
import static io.capstan.source.controller.OCIRepositoryConditions.OCI_LAYER_OPERATION_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.OCI_PULL_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.SOURCE_VERIFIED;
import static io.capstan.source.controller.OCIRepositoryConditions.STORAGE_OPERATION_FAILED;
import static io.capstan.source.controller.OCIRepositoryConditions.storedArtifact;

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
import io.capstan.runtime.artifact.ArchiveExtractor;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.git.SourceIgnore;
import io.capstan.source.oci.TagSelector;
import io.capstan.source.storage.ArtifactStorage;
import io.capstan.source.storage.ObjectLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

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
  private Path workDir;
  private String revision;
  private String digest;
  private boolean unchanged;
  private Path layerFile;
  private Path contentDir;
  private ManifestResponse manifest;

  OCIRepositoryRun(OCIRepositoryReconciler owner) {
    this.owner = owner;
    this.storage = owner.storage();
  }

  /** The steps in order; the last one (or any failing one) removes the work directory. */
  List<Step<ReconcileContext<OCIRepository>>> steps() {
    return List.of(
        step("reconcileStorage", this::reconcileStorage, false),
        step("reconcileSource", this::reconcileSource, false),
        step("reconcileArtifact", this::reconcileArtifact, true));
  }

  private Step<ReconcileContext<OCIRepository>> step(
      String name, Step.Action<ReconcileContext<OCIRepository>> action, boolean last) {
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
              deleteWorkDir();
            }
          }
        });
  }

  /** The artifact in status exists and verifies; otherwise it is dropped from status. */
  StepResult reconcileStorage(ReconcileContext<OCIRepository> ctx) throws Exception {
    OCIRepositoryStatus status = ctx.resource().getStatus();
    Artifact artifact = status.getArtifact();
    boolean missing = false;
    if (artifact != null) {
      missing = !storage.exists(artifact);
      if (!missing) {
        try {
          storage.garbageCollect(artifact);
        } catch (IOException e) {
          ctx.event(
              EventType.WARNING,
              GARBAGE_COLLECTION_FAILED,
              "garbage collection of artifacts failed: " + e.getMessage());
        }
        try {
          storage.verify(artifact);
        } catch (IOException e) {
          ctx.event(
              EventType.WARNING,
              "ArtifactVerificationFailed",
              "failed to verify integrity of artifact: " + e.getMessage());
          try (ObjectLock lock = storage.lock(artifact)) {
            Files.deleteIfExists(storage.localPath(artifact));
          }
          missing = true;
        }
      }
      if (missing) {
        status.setArtifact(null);
        status.setUrl(null);
      }
    }
    if (status.getArtifact() == null) {
      ctx.conditions()
          .markReconciling(
              Reasons.PROGRESSING,
              missing ? "building artifact: disappeared from storage" : "building artifact");
      ctx.conditions().delete(ARTIFACT_IN_STORAGE);
      return StepResult.SUCCESS;
    }
    status.getArtifact().setUrl(storage.urlFor(status.getArtifact().getPath()));
    status.setUrl(status.getArtifact().getUrl());
    return StepResult.SUCCESS;
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
    OciClient client = new OCIRepositoryAccess(owner).client(ctx, repository);

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
        OCIRepositoryVerify.verify(ctx, owner.secrets(), client, ref.withDigest(digest), revision);
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
      manifest = client.manifest(ref);
    } catch (OciException e) {
      throw pullFailed("failed to pull artifact from '" + ref + "': " + e.getMessage(), e);
    }
    if (manifest.manifest().isIndex()) {
      throw pullFailed(
          "failed to pull artifact from '"
              + ref
              + "': the reference is an image index, not an artifact manifest",
          null);
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
    workDir = Files.createTempDirectory(owner.workRoot(), "ocirepository-");
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
      markStored(ctx, revision);
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
      throw new ReconcileError.Generic(
              ARCHIVE_OPERATION_FAILED, "unable to archive artifact to storage: " + e.getMessage())
          .withCondition(STORAGE_OPERATION_FAILED);
    }
    if (manifest.manifest().annotations() != null && !manifest.manifest().annotations().isEmpty()) {
      artifact.setMetadata(new HashMap<>(manifest.manifest().annotations()));
    }
    status.setArtifact(artifact);
    status.setUrl(artifact.getUrl());
    status.setObservedIgnore(spec.getIgnore());
    status.setObservedLayerSelector(spec.getLayerSelector());
    ctx.conditions().delete(STORAGE_OPERATION_FAILED);
    ctx.annotateEvents("revision", revision);
    markStored(ctx, revision);
    return StepResult.SUCCESS;
  }

  private static void markStored(ReconcileContext<OCIRepository> ctx, String revision) {
    ctx.conditions().delete(ARTIFACT_OUTDATED);
    ctx.conditions().markTrue(ARTIFACT_IN_STORAGE, Reasons.SUCCEEDED, storedArtifact(revision));
    ctx.succeededWith(Reasons.SUCCEEDED, storedArtifact(revision));
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

  private void deleteWorkDir() {
    if (workDir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(workDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temp directory is harmless and is not worth failing for.
    }
    workDir = null;
  }
}

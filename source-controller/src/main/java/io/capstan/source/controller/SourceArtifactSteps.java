package io.capstan.source.controller;

import static io.capstan.source.controller.SourceConditions.ARCHIVE_OPERATION_FAILED;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_IN_STORAGE;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_VERIFICATION_FAILED;
import static io.capstan.source.controller.SourceConditions.GARBAGE_COLLECTION_FAILED;
import static io.capstan.source.controller.SourceConditions.STORAGE_OPERATION_FAILED;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.ArtifactSourceStatus;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.storage.ArtifactStorage;
import io.capstan.source.storage.ObjectLock;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every source kind's run does the same way: the work directory that lives for one reconcile
 * (deleted by the last step or by any failing one), Flux's {@code reconcileStorage} step, and the
 * {@code ArtifactInStorage} / {@code Ready} marking once an artifact is stored. Each kind's run
 * keeps its own source and artifact steps and uses one of these per reconcile.
 *
 * @param <R> the source kind
 */
final class SourceArtifactSteps<R extends CustomResource<?, ? extends FluxStatus>> {

  private static final Logger LOG = LoggerFactory.getLogger(SourceArtifactSteps.class);

  private final ArtifactStorage storage;
  private final Path workRoot;
  private final Function<String, String> storedMessage;
  private final String linkName;
  private Path workDir;

  /**
   * Steps storing into {@code storage}, creating work directories under {@code workRoot}, and
   * describing a stored artifact with the kind's {@code storedMessage(revision)}.
   */
  SourceArtifactSteps(
      ArtifactStorage storage, Path workRoot, Function<String, String> storedMessage) {
    this(storage, workRoot, storedMessage, ArtifactStorage.LATEST_LINK);
  }

  /**
   * As above, with {@code status.url} pointing at the link {@code linkName} in the object's storage
   * directory ({@code latest.tar.gz} for OCIRepository, Bucket and HelmChart, {@code index.yaml}
   * for HelmRepository), or no link at all when {@code linkName} is null (GitRepository: Flux's v1
   * API has no {@code status.url} and stopped writing the link).
   */
  SourceArtifactSteps(
      ArtifactStorage storage,
      Path workRoot,
      Function<String, String> storedMessage,
      String linkName) {
    this.storage = storage;
    this.workRoot = workRoot;
    this.storedMessage = storedMessage;
    this.linkName = linkName;
  }

  /** {@code action} named {@code name}; when it is the last step or fails, the work dir goes. */
  Step<ReconcileContext<R>> step(
      String name, Step.Action<ReconcileContext<R>> action, boolean last) {
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

  /** A fresh, empty work directory named {@code prefix...}, replacing any previous one. */
  Path newWorkDir(String prefix) throws IOException {
    deleteWorkDir();
    workDir = Files.createTempDirectory(workRoot, prefix);
    return workDir;
  }

  /** The current work directory, or {@code null} before {@link #newWorkDir}. */
  Path workDir() {
    return workDir;
  }

  /**
   * Flux's {@code reconcileStorage}: the artifact in {@code status} exists and verifies (garbage
   * collecting older ones); otherwise it is dropped from status via {@code setArtifact(null)} and
   * {@code setUrl(null)}. A kept artifact gets its current URL; {@code setUrl} gets the URL of the
   * object's stable link to it (Flux's {@code latest.tar.gz}), with the current host, re-pointed
   * first if it is missing or names another file (storage restored, or written by an older version
   * that advertised the artifact's own URL).
   */
  StepResult reconcileStorage(
      ReconcileContext<R> ctx,
      ArtifactSourceStatus status,
      Consumer<Artifact> setArtifact,
      Consumer<String> setUrl)
      throws IOException, InterruptedException {
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
              ARTIFACT_VERIFICATION_FAILED,
              "failed to verify integrity of artifact: " + e.getMessage());
          try (ObjectLock lock = storage.lock(artifact)) {
            Files.deleteIfExists(storage.localPath(artifact));
          }
          missing = true;
        }
      }
      if (missing) {
        setArtifact.accept(null);
        setUrl.accept(null);
      }
    }
    Artifact kept = status.getArtifact();
    if (kept == null) {
      ctx.conditions()
          .markReconciling(
              Reasons.PROGRESSING,
              missing ? "building artifact: disappeared from storage" : "building artifact");
      ctx.conditions().delete(ARTIFACT_IN_STORAGE);
      return StepResult.SUCCESS;
    }
    kept.setUrl(storage.urlFor(kept.getPath()));
    if (linkName == null) {
      setUrl.accept(null);
    } else if (!storage.linksTo(kept, linkName)) {
      setUrl.accept(linkUrl(kept, kept.getUrl()));
    } else {
      setUrl.accept(storage.linkUrl(kept, linkName));
    }
    return StepResult.SUCCESS;
  }

  /**
   * Flux's best-effort symlink update: points the object's stable link at {@code artifact} and
   * returns its URL for {@code status.url}; when that fails (logged, as Flux's trace event {@code
   * SymlinkUpdateFailed}) {@code status.url} keeps {@code previous}.
   */
  String linkUrl(Artifact artifact, String previous) {
    if (linkName == null) {
      return null;
    }
    try {
      return storage.symlink(artifact, linkName);
    } catch (IOException | RuntimeException e) {
      LOG.info(
          "failed to update status URL symlink for {}: {}", artifact.getPath(), e.getMessage());
      return previous;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return previous;
    }
  }

  /** The artifact with {@code revision} is stored: ArtifactInStorage and Ready say so. */
  void markStored(ReconcileContext<R> ctx, String revision) {
    ctx.conditions().delete(ARTIFACT_OUTDATED);
    ctx.conditions()
        .markTrue(ARTIFACT_IN_STORAGE, Reasons.SUCCEEDED, storedMessage.apply(revision));
    ctx.succeededWith(Reasons.SUCCEEDED, storedMessage.apply(revision));
  }

  /** A new artifact was written: the storage problem is gone, events carry the revision. */
  void stored(ReconcileContext<R> ctx, String revision) {
    ctx.conditions().delete(STORAGE_OPERATION_FAILED);
    ctx.annotateEvents("revision", revision);
    markStored(ctx, revision);
  }

  /** Flux's error when writing the artifact into storage failed. */
  static ReconcileError.Generic archiveFailed(Exception e) {
    return new ReconcileError.Generic(
            ARCHIVE_OPERATION_FAILED, "unable to archive artifact to storage: " + e.getMessage())
        .withCondition(STORAGE_OPERATION_FAILED);
  }

  /** Removes the work directory, best effort: a leftover temp directory is harmless. */
  void deleteWorkDir() {
    if (workDir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(workDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: not worth failing the reconcile for.
    }
    workDir = null;
  }
}

package io.capstan.source.controller;

import static io.capstan.source.controller.GitRepositoryConditions.ARTIFACT_IN_STORAGE;
import static io.capstan.source.controller.GitRepositoryConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.GitRepositoryConditions.COPY_FAILURE;
import static io.capstan.source.controller.GitRepositoryConditions.FETCH_FAILED;
import static io.capstan.source.controller.GitRepositoryConditions.GIT_OPERATION_FAILED;
import static io.capstan.source.controller.GitRepositoryConditions.GIT_OPERATION_SUCCEEDED;
import static io.capstan.source.controller.GitRepositoryConditions.NEW_REVISION;
import static io.capstan.source.controller.GitRepositoryConditions.SOURCE_VERIFIED;
import static io.capstan.source.controller.GitRepositoryConditions.STORAGE_OPERATION_FAILED;
import static io.capstan.source.controller.GitRepositoryConditions.storedArtifact;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryInclude;
import io.capstan.api.source.v1.GitRepositoryRef;
import io.capstan.api.source.v1.GitRepositorySpec;
import io.capstan.api.source.v1.GitRepositoryStatus;
import io.capstan.git.CheckoutResult;
import io.capstan.git.GitAuth;
import io.capstan.git.GitCheckout;
import io.capstan.git.GitException;
import io.capstan.git.GitProxy;
import io.capstan.git.GitReference;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.git.SourceIgnore;
import io.capstan.source.storage.ArtifactStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One reconcile of one GitRepository: the four named steps of Flux's reconciler sharing the
 * checkout directory, the checked-out commit and the resolved includes. The directory is created on
 * demand and always deleted when the run ends, whichever step ends it.
 */
final class GitRepositoryRun {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final GitRepositoryReconciler owner;
  private final ArtifactStorage storage;
  private final SourceArtifactSteps<GitRepository> steps;
  private CheckoutResult.Checkout checkout;
  private List<Artifact> includes = List.of();

  GitRepositoryRun(GitRepositoryReconciler owner) {
    this.owner = owner;
    this.storage = owner.parts().storage();
    this.steps =
        new SourceArtifactSteps<>(
            storage, owner.parts().workRoot(), GitRepositoryConditions::storedArtifact);
  }

  /** The steps in order; the last one (or any failing one) removes the working directory. */
  List<Step<ReconcileContext<GitRepository>>> steps() {
    return List.of(
        steps.step("reconcileStorage", this::reconcileStorage, false),
        steps.step("reconcileSource", this::reconcileSource, false),
        steps.step("reconcileInclude", this::reconcileInclude, false),
        steps.step("reconcileArtifact", this::reconcileArtifact, true));
  }

  /** The artifact in status exists and verifies; otherwise it is dropped from status. */
  StepResult reconcileStorage(ReconcileContext<GitRepository> ctx) throws Exception {
    GitRepositoryStatus status = ctx.resource().getStatus();
    return steps.reconcileStorage(ctx, status, status::setArtifact, url -> {});
  }

  /** Resolves the reference, checks out when needed, and verifies signatures. */
  StepResult reconcileSource(ReconcileContext<GitRepository> ctx) throws Exception {
    GitRepository repo = ctx.resource();
    SourceAccess.validate(repo);
    SourceAccess access = new SourceAccess(owner.parts().secrets());
    GitAuth auth = access.auth(ctx);
    GitProxy proxy = access.proxy(ctx);

    includes =
        new IncludedArtifacts(owner.parts().client(), owner.requeueDependency()).resolve(ctx);
    GitRepositoryStatus status = repo.getStatus();
    if (GitContentConfig.includesChanged(includes, status.getIncludedArtifacts())) {
      // Flux marks ArtifactOutdated=IncludeChange here and removes it again before the checkout;
      // with one status patch per reconcile only the Reconciling message remains visible.
      ctx.conditions()
          .markReconciling(
              Reasons.PROGRESSING,
              "building artifact: included artifacts differ from last observed includes");
    }
    ctx.conditions().delete(ARTIFACT_OUTDATED);

    boolean inStorage = ctx.conditions().isTrue(ARTIFACT_IN_STORAGE);
    String last =
        inStorage && status.getArtifact() != null ? status.getArtifact().getRevision() : null;
    CheckoutResult result = checkout(repo, auth, proxy, last);
    if (result instanceof CheckoutResult.Unchanged unchanged) {
      boolean verified = ctx.conditions().isTrue(SOURCE_VERIFIED);
      if (!GitContentConfig.changed(repo, includes, verified)) {
        ctx.conditions().delete(FETCH_FAILED);
        ctx.conditions()
            .markTrue(ARTIFACT_IN_STORAGE, Reasons.SUCCEEDED, storedArtifact(unchanged.revision()));
        ctx.succeededWith(Reasons.SUCCEEDED, storedArtifact(unchanged.revision()));
        throw new ReconcileError.Generic(
                GIT_OPERATION_SUCCEEDED,
                "no changes since last reconcilation: observed revision '"
                    + unchanged.revision()
                    + "'")
            .ignoring()
            .withoutEvent();
      }
      result = checkout(repo, auth, proxy, null);
    }
    checkout = (CheckoutResult.Checkout) result;
    ctx.conditions().delete(FETCH_FAILED);
    validateSparseCheckout(repo.getSpec());
    SignatureCheck.verify(ctx, owner.parts().secrets(), checkout.commit());

    Artifact current = status.getArtifact();
    if (current == null || !checkout.revision().equals(current.getRevision())) {
      String message = "new upstream revision '" + checkout.revision() + "'";
      if (current != null) {
        ctx.conditions().markTrue(ARTIFACT_OUTDATED, NEW_REVISION, message);
      }
      ctx.conditions().markReconciling(Reasons.PROGRESSING, "building artifact: " + message);
    }
    return StepResult.SUCCESS;
  }

  /** Copies the included artifacts into their {@code toPath} in the checkout. */
  StepResult reconcileInclude(ReconcileContext<GitRepository> ctx) {
    List<GitRepositoryInclude> specIncludes = ctx.resource().getSpec().getInclude();
    if (specIncludes != null) {
      for (int i = 0; i < specIncludes.size(); i++) {
        GitRepositoryInclude include = specIncludes.get(i);
        String toPath = IncludedArtifacts.toPath(include);
        try {
          Path target = IncludedArtifacts.secureJoin(steps.workDir(), toPath);
          storage.copyToPath(includes.get(i), include.getFromPath(), target);
        } catch (IOException | RuntimeException e) {
          throw new ReconcileError.Generic(
                  COPY_FAILURE,
                  "failed to copy '"
                      + include.getRepository().getName()
                      + "' include from "
                      + include.getFromPath()
                      + " to "
                      + toPath
                      + ": "
                      + e.getMessage())
              .withCondition(STORAGE_OPERATION_FAILED);
        }
      }
    }
    ctx.conditions().delete(GitRepositoryConditions.INCLUDE_UNAVAILABLE);
    return StepResult.SUCCESS;
  }

  /** Archives the checkout (with includes, minus ignored paths) unless it is already stored. */
  StepResult reconcileArtifact(ReconcileContext<GitRepository> ctx) throws Exception {
    GitRepository repo = ctx.resource();
    GitRepositoryStatus status = repo.getStatus();
    String revision = checkout.revision();
    Artifact current = status.getArtifact();
    boolean verified = ctx.conditions().isTrue(SOURCE_VERIFIED);
    if (current != null
        && revision.equals(current.getRevision())
        && !GitContentConfig.changed(repo, includes, verified)) {
      steps.markStored(ctx, current.getRevision());
      return StepResult.SUCCESS;
    }
    GitRepositorySpec spec = repo.getSpec();
    Artifact artifact;
    try {
      SourceIgnore ignore = SourceIgnore.load(steps.workDir(), spec.getIgnore());
      artifact =
          storage.archive(
              storage.newArtifact(
                  GitRepositoryReconciler.owner(repo), revision, checkout.hash() + ".tar.gz"),
              steps.workDir(),
              ignore::isIgnored);
    } catch (IOException | UncheckedIOException e) {
      throw SourceArtifactSteps.archiveFailed(e);
    }
    status.setArtifact(artifact);
    status.setIncludedArtifacts(spec.getInclude() == null ? null : new ArrayList<>(includes));
    status.setObservedIgnore(spec.getIgnore());
    status.setObservedRecurseSubmodules(spec.getRecurseSubmodules());
    status.setObservedInclude(spec.getInclude());
    status.setObservedSparseCheckout(spec.getSparseCheckout());
    steps.stored(ctx, revision);
    return StepResult.SUCCESS;
  }

  private CheckoutResult checkout(GitRepository repo, GitAuth auth, GitProxy proxy, String last) {
    GitRepositorySpec spec = repo.getSpec();
    try {
      Path workDir = steps.newWorkDir("gitrepository-");
      return new GitCheckout()
          .url(spec.getUrl())
          .auth(auth)
          .proxy(proxy)
          .reference(reference(spec.getRef()))
          .lastObservedCommit(last)
          .recurseSubmodules(Boolean.TRUE.equals(spec.getRecurseSubmodules()))
          .sparseCheckout(spec.getSparseCheckout() == null ? List.of() : spec.getSparseCheckout())
          .timeout(timeout(spec))
          .into(workDir)
          .call();
    } catch (GitException e) {
      throw new ReconcileError.Generic(
              e.reason(), "failed to checkout and determine revision: " + e.getMessage(), e)
          .withCondition(FETCH_FAILED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Duration timeout(GitRepositorySpec spec) {
    String t = spec.getTimeout();
    return t == null || t.isBlank() ? DEFAULT_TIMEOUT : GoDuration.parse(t);
  }

  private static GitReference reference(GitRepositoryRef ref) {
    if (ref == null) {
      return GitReference.defaultBranch();
    }
    return new GitReference(
        ref.getBranch(), ref.getTag(), ref.getSemver(), ref.getName(), ref.getCommit());
  }

  private void validateSparseCheckout(GitRepositorySpec spec) {
    if (spec.getSparseCheckout() == null) {
      return;
    }
    for (String dir : spec.getSparseCheckout()) {
      String relative = dir.startsWith("./") ? dir.substring(2) : dir;
      if (!Files.exists(steps.workDir().resolve(relative))) {
        throw new ReconcileError.Generic(
                GIT_OPERATION_FAILED,
                "failed to sparse checkout directories : sparse checkout dir '"
                    + dir
                    + "' does not exist in repository")
            .withCondition(FETCH_FAILED);
      }
    }
  }
}

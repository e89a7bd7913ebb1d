package io.capstan.source.controller;

import static io.capstan.source.controller.HelmChartConditions.BUILD_FAILED;
import static io.capstan.source.controller.HelmChartConditions.CHART_PACKAGE_SUCCEEDED;
import static io.capstan.source.controller.HelmChartConditions.CHART_PULL_SUCCEEDED;
import static io.capstan.source.controller.HelmChartConditions.NEW_CHART;
import static io.capstan.source.controller.HelmChartConditions.NO_SOURCE_ARTIFACT;
import static io.capstan.source.controller.HelmChartConditions.SOURCE_UNAVAILABLE;
import static io.capstan.source.controller.HelmChartConditions.VERIFICATION_NOT_SUPPORTED;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_IN_STORAGE;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.SourceConditions.FETCH_FAILED;
import static io.capstan.source.controller.SourceConditions.SOURCE_VERIFIED;
import static io.capstan.source.controller.SourceConditions.STORAGE_OPERATION_FAILED;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmChartReconcileStrategy;
import io.capstan.api.source.v1.HelmChartSourceKind;
import io.capstan.api.source.v1.HelmChartSpec;
import io.capstan.api.source.v1.HelmChartStatus;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.api.source.v1.HelmRepositoryType;
import io.capstan.runtime.artifact.ArchiveExtractor;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.source.helm.ChartRepositoryIndex;
import io.capstan.source.helmchart.ChartBuild;
import io.capstan.source.helmchart.ChartBuildException;
import io.capstan.source.helmchart.ChartBuildOptions;
import io.capstan.source.helmchart.ChartBuilder;
import io.capstan.source.helmchart.ChartRepository;
import io.capstan.source.helmchart.HttpChartRepository;
import io.capstan.source.helmchart.OciChartRepository;
import io.capstan.source.storage.ArtifactStorage;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One reconcile of one HelmChart: Flux's three named steps sharing the work directory and the chart
 * build. {@code reconcileSource} reads the source object, builds the chart (packaged from a
 * GitRepository or Bucket artifact, pulled from an OCI HelmRepository) and records Flux's
 * observations; {@code reconcileArtifact} stores it as {@code
 * helmchart/<ns>/<name>/<chart>-<version>.tgz}, revision the chart version.
 */
final class HelmChartRun {

  private final HelmChartReconciler owner;
  private final ArtifactStorage storage;
  private final SourceArtifactSteps<HelmChart> steps;
  private ChartBuild build;

  HelmChartRun(HelmChartReconciler owner) {
    this.owner = owner;
    this.storage = owner.parts().storage();
    this.steps = new SourceArtifactSteps<>(storage, owner.parts().workRoot(), r -> r);
  }

  /** The steps in order; the last one (or any failing one) removes the work directory. */
  List<Step<ReconcileContext<HelmChart>>> steps() {
    return List.of(
        steps.step("reconcileStorage", this::reconcileStorage, false),
        steps.step("reconcileSource", this::reconcileSource, false),
        steps.step("reconcileArtifact", this::reconcileArtifact, true));
  }

  /** The artifact in status exists and verifies; otherwise it is dropped from status. */
  StepResult reconcileStorage(ReconcileContext<HelmChart> ctx) throws Exception {
    HelmChartStatus status = ctx.resource().getStatus();
    return steps.reconcileStorage(ctx, status, status::setArtifact, status::setUrl);
  }

  /** Gets the source and builds the chart from it, recording Flux's build observations. */
  StepResult reconcileSource(ReconcileContext<HelmChart> ctx) throws Exception {
    HelmChart chart = ctx.resource();
    HelmChartSpec spec = chart.getSpec();
    if (spec.getVerify() != null) {
      throw new ReconcileError.Stalling(
          VERIFICATION_NOT_SUPPORTED,
          "chart signature verification (spec.verify, provider '"
              + spec.getVerify().getProvider()
              + "') is not supported yet by Capstan's source-controller");
    }
    ctx.conditions().delete(SOURCE_VERIFIED);
    CustomResource<?, ?> source = source(chart);
    Path work = steps.newWorkDir("helmchart-");
    Path out = work.resolve("chart.tgz");
    try {
      if (source instanceof HelmRepository repo) {
        build = buildFromHelmRepository(ctx, repo, work, out);
      } else {
        Artifact artifact = artifactOf(source);
        if (artifact == null || !storage.exists(artifact)) {
          throw noSourceArtifact(ctx);
        }
        chart.getStatus().setObservedSourceArtifactRevision(artifact.getRevision());
        build = buildFromTarball(ctx, artifact, work, out);
      }
    } catch (ChartBuildException e) {
      throw observeFailure(ctx, e);
    }
    observeBuild(ctx);
    return StepResult.SUCCESS;
  }

  /** Stores the built chart unless the artifact already is it; marks ArtifactInStorage. */
  StepResult reconcileArtifact(ReconcileContext<HelmChart> ctx) throws Exception {
    HelmChart chart = ctx.resource();
    HelmChartStatus status = chart.getStatus();
    if (!build.cached()) {
      Artifact artifact =
          storage.newArtifact(
              HelmChartReconciler.owner(chart),
              build.version(),
              build.name() + "-" + build.version() + ".tgz");
      try {
        artifact = storage.copyFromPath(artifact, build.path());
      } catch (IOException e) {
        throw new ReconcileError.Generic(
                HelmChartConditions.ARCHIVE_OPERATION_FAILED,
                "unable to copy Helm chart to storage: " + e.getMessage())
            .withCondition(STORAGE_OPERATION_FAILED);
      }
      status.setArtifact(artifact);
      status.setUrl(steps.linkUrl(artifact, status.getUrl()));
      status.setObservedChartName(build.name());
      ctx.conditions().delete(STORAGE_OPERATION_FAILED);
      ctx.annotateEvents("revision", build.version());
    }
    status.setObservedValuesFiles(build.valuesFiles().isEmpty() ? null : build.valuesFiles());
    String reason = build.packaged() ? CHART_PACKAGE_SUCCEEDED : CHART_PULL_SUCCEEDED;
    ctx.conditions().delete(ARTIFACT_OUTDATED);
    ctx.conditions().markTrue(ARTIFACT_IN_STORAGE, reason, build.summary());
    ctx.succeededWith(reason, build.summary());
    return StepResult.SUCCESS;
  }

  private ChartBuild buildFromHelmRepository(
      ReconcileContext<HelmChart> ctx, HelmRepository repo, Path work, Path out)
      throws ChartBuildException {
    HelmChart chart = ctx.resource();
    HelmChartSpec spec = chart.getSpec();
    String version = spec.getVersion() == null ? "*" : spec.getVersion();
    ChartBuildOptions opts = options(chart, valuesMetadata(chart, null));
    if (repo.getSpec() == null || repo.getSpec().getType() != HelmRepositoryType.OCI) {
      Artifact artifact = repo.getStatus() == null ? null : repo.getStatus().getArtifact();
      if (artifact == null || !storage.exists(artifact)) {
        throw noSourceArtifact(ctx);
      }
      chart.getStatus().setObservedSourceArtifactRevision(artifact.getRevision());
      ChartRepository charts = httpRepository(ctx, repo, artifact);
      return new ChartBuilder(work, null).buildRemote(charts, spec.getChart(), version, out, opts);
    }
    String url = HelmChartRepositoryAccess.ociUrl(repo);
    ChartRepository charts =
        new OciChartRepository(new HelmChartRepositoryAccess(owner).client(ctx, repo, url), url);
    return new ChartBuilder(work, null).buildRemote(charts, spec.getChart(), version, out, opts);
  }

  private ChartBuild buildFromTarball(
      ReconcileContext<HelmChart> ctx, Artifact artifact, Path work, Path out)
      throws ChartBuildException {
    HelmChart chart = ctx.resource();
    HelmChartSpec spec = chart.getSpec();
    Path sourceDir = work.resolve("source");
    try {
      new ArchiveExtractor(ArchiveExtractor.UNLIMITED, ArchiveExtractor.UNLIMITED)
          .extract(storage.localPath(artifact), sourceDir);
    } catch (IOException e) {
      throw new ReconcileError.Generic(Reasons.FAILED, "artifact untar error: " + e.getMessage());
    }
    String metadata = null;
    if (spec.getReconcileStrategy() == HelmChartReconcileStrategy.Revision) {
      String rev = artifact.getRevision();
      rev = rev.substring(rev.lastIndexOf(':') + 1);
      metadata = rev.length() > 12 ? rev.substring(0, 12) : rev;
    }
    ChartBuildOptions opts = options(chart, valuesMetadata(chart, metadata));
    Path buildWork;
    try {
      buildWork = Files.createDirectories(work.resolve("build"));
    } catch (IOException e) {
      throw new ReconcileError.Generic(Reasons.FAILED, e.getMessage());
    }
    return new ChartBuilder(buildWork, new DependencyRepositories(ctx))
        .buildLocal(sourceDir, spec.getChart(), out, opts);
  }

  /** FetchFailed=NoSourceArtifact, retried after {@code --requeue-dependency}. */
  private ReconcileError noSourceArtifact(ReconcileContext<HelmChart> ctx) {
    HelmChartSpec spec = ctx.resource().getSpec();
    String message =
        "no artifact available for "
            + spec.getSourceRef().getKind()
            + " source '"
            + spec.getSourceRef().getName()
            + "'";
    ctx.conditions().markTrue(FETCH_FAILED, NO_SOURCE_ARTIFACT, message);
    return new ReconcileError.Waiting(NO_SOURCE_ARTIFACT, message, owner.requeueDependency())
        .withoutEvent();
  }

  /** The HTTP chart repository of a HelmRepository artifact (its index) and its client. */
  private ChartRepository httpRepository(
      ReconcileContext<HelmChart> ctx, HelmRepository repo, Artifact artifact)
      throws ChartBuildException {
    ChartRepositoryIndex index;
    try {
      index =
          owner.index(repo.getMetadata().getName(), repo.getMetadata().getNamespace(), artifact);
    } catch (ChartRepositoryException | IOException e) {
      throw new ChartBuildException(
          ChartBuildException.Reason.CHART_PULL,
          "failed to load index of HelmRepository '"
              + repo.getMetadata().getName()
              + "': "
              + e.getMessage(),
          e);
    }
    return new HttpChartRepository(
        index,
        new HelmChartRepositoryAccess(owner).httpClient(ctx, repo, owner.limits().maxChartSize()));
  }

  /** Flux appends the generation to the version metadata when values files are set. */
  private static String valuesMetadata(HelmChart chart, String metadata) {
    List<String> values = chart.getSpec().getValuesFiles();
    boolean onlyDefault =
        values != null && values.size() == 1 && "values.yaml".equals(values.get(0));
    if (values == null || values.isEmpty() || onlyDefault) {
      return metadata;
    }
    String generation = String.valueOf(chart.getMetadata().getGeneration());
    return metadata == null ? generation : metadata + "." + generation;
  }

  private ChartBuildOptions options(HelmChart chart, String versionMetadata) {
    HelmChartSpec spec = chart.getSpec();
    HelmChartStatus status = chart.getStatus();
    Artifact current = status.getArtifact();
    Path cached = current == null ? null : storage.localPath(current);
    boolean force =
        !Objects.equals(chart.getMetadata().getGeneration(), status.getObservedGeneration());
    return new ChartBuildOptions(
        spec.getValuesFiles(),
        Boolean.TRUE.equals(spec.getIgnoreMissingValuesFiles()),
        versionMetadata,
        cached,
        status.getObservedValuesFiles(),
        force,
        owner.limits());
  }

  /** Flux's {@code observeChartBuild} for a complete build. */
  private void observeBuild(ReconcileContext<HelmChart> ctx) {
    HelmChartStatus status = ctx.resource().getStatus();
    Artifact current = status.getArtifact();
    boolean changed =
        !build.name().equals(status.getObservedChartName())
            || current == null
            || !build.version().equals(current.getRevision());
    if (changed) {
      String summary =
          build.cached()
              ? build.summary()
              : ChartBuild.newChartSummary(build.name(), build.version());
      if (current != null) {
        ctx.conditions().markTrue(ARTIFACT_OUTDATED, NEW_CHART, summary);
      }
      ctx.conditions().markReconciling(Reasons.PROGRESSING, "building artifact: " + summary);
    }
    ctx.conditions().delete(FETCH_FAILED);
    ctx.conditions().delete(BUILD_FAILED);
  }

  /** Flux's error observation: BuildFailed or FetchFailed, stalling for persistent reasons. */
  private static ReconcileError observeFailure(
      ReconcileContext<HelmChart> ctx, ChartBuildException e) {
    ChartBuildException.Reason reason = e.reason();
    String condition = reason.buildFailure() ? BUILD_FAILED : FETCH_FAILED;
    ctx.conditions().delete(reason.buildFailure() ? FETCH_FAILED : BUILD_FAILED);
    if (reason.persistent()) {
      ctx.conditions().markTrue(condition, reason.reason(), e.getMessage());
      return new ReconcileError.Stalling(reason.reason(), e.getMessage(), e);
    }
    return new ReconcileError.Generic(reason.reason(), e.getMessage(), e).withCondition(condition);
  }

  /** The source object, or FetchFailed=SourceUnavailable when it does not exist. */
  private CustomResource<?, ?> source(HelmChart chart) {
    HelmChartSpec spec = chart.getSpec();
    String ns = chart.getMetadata().getNamespace();
    String name = spec.getSourceRef().getName();
    HelmChartSourceKind kind = spec.getSourceRef().getKind();
    var client = owner.parts().client();
    CustomResource<?, ?> source =
        switch (kind) {
          case HelmRepository ->
              client.resources(HelmRepository.class).inNamespace(ns).withName(name).get();
          case GitRepository ->
              client.resources(GitRepository.class).inNamespace(ns).withName(name).get();
          case Bucket -> client.resources(Bucket.class).inNamespace(ns).withName(name).get();
        };
    if (source == null) {
      throw new ReconcileError.Generic(
              SOURCE_UNAVAILABLE,
              "failed to get source: "
                  + plural(kind)
                  + ".source.toolkit.fluxcd.io \""
                  + name
                  + "\" not found")
          .withCondition(FETCH_FAILED);
    }
    return source;
  }

  private static String plural(HelmChartSourceKind kind) {
    return switch (kind) {
      case HelmRepository -> "helmrepositories";
      case GitRepository -> "gitrepositories";
      case Bucket -> "buckets";
    };
  }

  private static Artifact artifactOf(CustomResource<?, ?> source) {
    if (source instanceof GitRepository g) {
      return g.getStatus() == null ? null : g.getStatus().getArtifact();
    }
    if (source instanceof Bucket b) {
      return b.getStatus() == null ? null : b.getStatus().getArtifact();
    }
    return null;
  }

  private static HelmRepository anonymous(String ns, String url) {
    HelmRepository repo = new HelmRepository();
    repo.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(ns).build());
    repo.setSpec(new io.capstan.api.source.v1.HelmRepositorySpec());
    repo.getSpec().setUrl(url);
    return repo;
  }

  /**
   * Remote dependencies of a chart from a GitRepository or Bucket: an {@code oci://} repository
   * uses the credentials of a HelmRepository of the same namespace with the same URL (anonymous
   * when there is none), as Flux's {@code namespacedChartRepositoryCallback}.
   */
  private final class DependencyRepositories implements ChartRepository.Resolver {
    private final ReconcileContext<HelmChart> ctx;

    DependencyRepositories(ReconcileContext<HelmChart> ctx) {
      this.ctx = ctx;
    }

    @Override
    public ChartRepository forUrl(String url) throws ChartBuildException {
      String normalized = url.trim().replaceAll("/+$", "");
      String ns = ctx.resource().getMetadata().getNamespace();
      HelmRepository match =
          owner
              .parts()
              .client()
              .resources(HelmRepository.class)
              .inNamespace(ns)
              .list()
              .getItems()
              .stream()
              .filter(
                  r ->
                      r.getSpec() != null
                          && r.getSpec().getUrl() != null
                          && r.getSpec().getUrl().trim().replaceAll("/+$", "").equals(normalized))
              .findFirst()
              .orElse(null);
      if (normalized.startsWith("oci://")) {
        HelmRepository repo = match != null ? match : anonymous(ns, normalized);
        return new OciChartRepository(
            new HelmChartRepositoryAccess(owner).client(ctx, repo, normalized), normalized);
      }
      if (match != null
          && match.getStatus() != null
          && match.getStatus().getArtifact() != null
          && storage.exists(match.getStatus().getArtifact())) {
        return httpRepository(ctx, match, match.getStatus().getArtifact());
      }
      // No HelmRepository (or none with an index yet): the index is fetched anonymously, as
      // Flux's default repository for an unknown URL.
      HelmRepository repo = match != null ? match : anonymous(ns, normalized);
      var client =
          new HelmChartRepositoryAccess(owner).httpClient(ctx, repo, owner.limits().maxChartSize());
      try {
        Path indexFile = Files.createTempFile(steps.workDir(), "index-", ".yaml");
        return new HttpChartRepository(client.fetchAndParseIndex(indexFile), client);
      } catch (ChartRepositoryException | IOException e) {
        throw new ChartBuildException(
            ChartBuildException.Reason.CHART_PULL,
            "failed to fetch the index of '" + normalized + "': " + e.getMessage(),
            e);
      }
    }
  }
}

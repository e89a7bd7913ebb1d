package io.capstan.helm.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.engine.Values;
import io.capstan.helm.release.Info;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.helm.release.ReleaseStorage;
import io.capstan.helm.release.StorageException;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helm's actions (install, upgrade, rollback, test, uninstall, unlock) against one cluster and one
 * release storage, as Helm v4's {@code pkg/action} runs them: releases recorded in Helm's format,
 * objects applied by server-side apply, hooks run in weight order with their delete policies. One
 * instance per (cluster client, storage); thread-safe for different release names.
 */
public final class HelmActions {
  private static final Logger LOG = LoggerFactory.getLogger(HelmActions.class);

  private final ActionConfig config;
  private final ReleaseStorage storage;
  private final ClusterObjects objects;
  private final ManifestApplier applier;
  private final HookRunner hooks;
  private final ReleaseRenderer renderer;
  private final CrdInstaller crds;
  private final ServerSideApplier ssa;

  public HelmActions(ActionConfig config) {
    this.config = config;
    this.storage = config.storage();
    this.ssa = new ServerSideApplier(config.client());
    ApiResources resources = ssa.resources();
    this.objects = new ClusterObjects(resources);
    this.applier = new ManifestApplier(config, ssa, objects);
    this.hooks = new HookRunner(objects, storage);
    this.renderer = new ReleaseRenderer(config);
    this.crds = new CrdInstaller(config, ssa, objects);
  }

  /**
   * The objects of {@code release}'s manifest (hooks excluded), namespaced ones without a namespace
   * in the release namespace, in manifest order: what Flux records as {@code status.inventory}.
   */
  public List<ObjectRef> objects(Release release) throws ActionException {
    return applier.refs(release.manifest() == null ? "" : release.manifest(), release.namespace());
  }

  /**
   * The objects of {@code release}'s manifest (hooks excluded) as an upgrade would apply them:
   * namespaced ones without a namespace in the release namespace, with Helm's ownership metadata
   * ({@code app.kubernetes.io/managed-by: Helm}, {@code meta.helm.sh/release-name|namespace}), as
   * Flux's drift detection compares them ({@code setHelmMetadata}).
   */
  public List<ObjectNode> manifestObjects(Release release) throws ActionException {
    return ManifestObjects.prepare(
        ManifestObjects.parse(release.manifest() == null ? "" : release.manifest()),
        objects.resources(),
        release.name(),
        release.namespace(),
        true);
  }

  /** The server-side apply engine of these actions (shares their discovery cache). */
  public ServerSideApplier serverSideApplier() {
    return ssa;
  }

  /** The configuration this instance runs with. */
  public ActionConfig config() {
    return config;
  }

  /**
   * Installs a new release (revision 1, or the next revision with {@code replace}).
   *
   * @return the {@code deployed} release
   * @throws ActionException with the {@code failed} release when anything after recording failed
   */
  public Release install(InstallRequest r) throws ActionException {
    List<Release> history = history(r.releaseName());
    Release last = history.isEmpty() ? null : history.get(history.size() - 1);
    if (last != null
        && !(r.replace()
            && (last.status() == ReleaseStatus.UNINSTALLED
                || last.status() == ReleaseStatus.FAILED))) {
      throw new ActionException("cannot reuse a name that is still in use");
    }
    crds.install(r.chart(), r.crds());
    if (r.createNamespace()) {
      crds.createNamespace(r.namespace());
    }
    int version = last == null ? 1 : last.version() + 1;
    ReleaseRenderer.Rendered rendered =
        renderer.render(
            r.chart(),
            r.values(),
            r.releaseName(),
            r.namespace(),
            1,
            false,
            r.disableSchemaValidation(),
            r.postRenderer());
    Instant now = Instant.now();
    Release rel =
        new Release()
            .name(r.releaseName())
            .namespace(r.namespace())
            .chart(ChartJson.of(r.chart()))
            .config(new LinkedHashMap<>(r.values()))
            .info(
                new Info()
                    .firstDeployed(now)
                    .lastDeployed(now)
                    .status(ReleaseStatus.PENDING_INSTALL)
                    .description("Initial install underway")
                    .notes(rendered.notes()))
            .version(version)
            .manifest(rendered.manifest())
            .hooks(rendered.hooks())
            .labels(r.labels())
            .applyMethod(Release.APPLY_METHOD_SSA);
    if (last != null && last.status() != ReleaseStatus.FAILED) {
      last.info().status(ReleaseStatus.SUPERSEDED).description("superseded by new release");
      record(last);
    }
    create(rel, 0);
    try {
      if (!r.disableHooks()) {
        runHooks(rel, "pre-install", r.timeout(), "failed pre-install: ");
      }
      ManifestApplier.Outcome out =
          applier.apply(r.releaseName(), r.namespace(), "", rel.manifest(), false);
      if (r.waitForResources() || r.waitForJobs()) {
        objects.waitReady(out.target(), r.waitForJobs(), r.timeout(), r.healthRule());
      }
      if (!r.disableHooks()) {
        runHooks(rel, "post-install", r.timeout(), "failed post-install: ");
      }
    } catch (ActionException e) {
      rel.info()
          .status(ReleaseStatus.FAILED)
          .description(String.format("Release \"%s\" failed: %s", r.releaseName(), e.getMessage()));
      record(rel);
      throw new ActionException(e.getMessage(), rel, e);
    }
    rel.info()
        .status(ReleaseStatus.DEPLOYED)
        .description(r.description() == null ? "Install complete" : r.description());
    record(rel);
    return rel;
  }

  /**
   * Upgrades the release to a new revision; the previous deployed one becomes {@code superseded}.
   *
   * @return the {@code deployed} release
   * @throws ActionException with the {@code failed} release when anything after recording failed
   */
  public Release upgrade(UpgradeRequest r) throws ActionException {
    List<Release> history = history(r.releaseName());
    if (history.isEmpty()) {
      throw new ActionException("\"" + r.releaseName() + "\" has no deployed releases");
    }
    Release last = history.get(history.size() - 1);
    if (last.status().isPending()) {
      throw new ActionException("another operation (install/upgrade/rollback) is in progress");
    }
    Release current = last;
    if (last.status() != ReleaseStatus.DEPLOYED) {
      Optional<Release> deployed = latestDeployed(history);
      if (deployed.isPresent()) {
        current = deployed.get();
      } else if (last.status() != ReleaseStatus.FAILED
          && last.status() != ReleaseStatus.SUPERSEDED) {
        throw new ActionException("\"" + r.releaseName() + "\" has no deployed releases");
      }
    }
    Map<String, Object> values = values(r, current);
    crds.install(r.chart(), r.crds());
    int version = last.version() + 1;
    ReleaseRenderer.Rendered rendered =
        renderer.render(
            r.chart(),
            values,
            r.releaseName(),
            r.namespace(),
            version,
            true,
            r.disableSchemaValidation(),
            r.postRenderer());
    Map<String, String> labels = new LinkedHashMap<>(last.labels());
    labels.putAll(r.labels());
    Release rel =
        new Release()
            .name(r.releaseName())
            .namespace(r.namespace())
            .chart(ChartJson.of(r.chart()))
            .config(new LinkedHashMap<>(values))
            .info(
                new Info()
                    .firstDeployed(current.info().firstDeployed())
                    .lastDeployed(Instant.now())
                    .status(ReleaseStatus.PENDING_UPGRADE)
                    .description("Preparing upgrade")
                    .notes(rendered.notes()))
            .version(version)
            .manifest(rendered.manifest())
            .hooks(rendered.hooks())
            .labels(labels)
            .applyMethod(Release.APPLY_METHOD_SSA);
    create(rel, r.maxHistory());
    List<ObjectRef> created = new ArrayList<>();
    try {
      if (!r.disableHooks()) {
        runHooks(rel, "pre-upgrade", r.timeout(), "pre-upgrade hooks failed: ");
      }
      ManifestApplier.Outcome out;
      try {
        out =
            applier.apply(
                r.releaseName(), r.namespace(), current.manifest(), rel.manifest(), r.force());
      } catch (ManifestApplier.Failure f) {
        created.addAll(f.created());
        throw f;
      }
      created.addAll(out.created());
      if (r.waitForResources() || r.waitForJobs()) {
        objects.waitReady(out.target(), r.waitForJobs(), r.timeout(), r.healthRule());
      }
      if (!r.disableHooks()) {
        runHooks(rel, "post-upgrade", r.timeout(), "post-upgrade hooks failed: ");
      }
    } catch (ActionException e) {
      rel.info()
          .status(ReleaseStatus.FAILED)
          .description(String.format("Upgrade \"%s\" failed: %s", r.releaseName(), e.getMessage()));
      record(rel);
      String message = e.getMessage();
      if (r.cleanupOnFail() && !created.isEmpty()) {
        try {
          objects.delete(created, "background");
        } catch (ActionException cleanup) {
          message =
              "an error occurred while cleaning up resources. original upgrade error: "
                  + message
                  + ": unable to cleanup resources: "
                  + cleanup.getMessage();
        }
      }
      throw new ActionException(message, rel, e);
    }
    if (current.status() == ReleaseStatus.DEPLOYED) {
      current.info().status(ReleaseStatus.SUPERSEDED);
      record(current);
    }
    rel.info()
        .status(ReleaseStatus.DEPLOYED)
        .description(r.description() == null ? "Upgrade complete" : r.description());
    record(rel);
    return rel;
  }

  /**
   * Rolls back: a new revision with the manifests, values and chart of {@code toVersion},
   * description {@code Rollback to N}.
   */
  public Release rollback(RollbackRequest r) throws ActionException {
    return new RollbackAction(this).run(r);
  }

  /**
   * Runs the test hooks of the latest release; returns the release with each test hook's {@code
   * last_run} recorded (also stored). A failing test throws with that release.
   */
  public Release test(TestRequest r) throws ActionException {
    return new TestAction(this).run(r);
  }

  /**
   * Uninstalls: pre-delete hooks, objects deleted (except {@code helm.sh/resource-policy: keep}),
   * post-delete hooks; revisions deleted, or kept with the last one {@code uninstalled}.
   *
   * @return the last revision as recorded (empty when the history was deleted)
   */
  public Optional<Release> uninstall(UninstallRequest r) throws ActionException {
    return new UninstallAction(this).run(r);
  }

  /**
   * Flux's unlock: marks the latest revision, if it is {@code pending-*}, {@code failed} with
   * description {@code Release unlocked from stale '<status>' state}.
   *
   * @return the updated release
   * @throws ActionException when there is no release or its latest revision is not pending
   */
  public Release unlock(String releaseName) throws ActionException {
    List<Release> h = history(releaseName);
    if (h.isEmpty()) {
      throw new ActionException("release: not found");
    }
    Release last = h.get(h.size() - 1);
    ReleaseStatus status = last.status();
    if (!status.isPending()) {
      throw new ActionException(
          "release " + releaseName + " v" + last.version() + " is not locked (" + status + ")");
    }
    last.info()
        .status(ReleaseStatus.FAILED)
        .description("Release unlocked from stale '" + status.value() + "' state");
    record(last);
    return last;
  }

  // --- shared by the action classes ---

  ReleaseStorage storage() {
    return storage;
  }

  ClusterObjects objects() {
    return objects;
  }

  ManifestApplier applier() {
    return applier;
  }

  HookRunner hooks() {
    return hooks;
  }

  List<Release> history(String name) throws ActionException {
    try {
      return storage.history(name);
    } catch (StorageException e) {
      throw new ActionException(e.getMessage(), e);
    }
  }

  static Optional<Release> latestDeployed(List<Release> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).status() == ReleaseStatus.DEPLOYED) {
        return Optional.of(history.get(i));
      }
    }
    return Optional.empty();
  }

  void runHooks(Release rel, String event, java.time.Duration timeout, String prefix)
      throws ActionException {
    try {
      hooks.run(rel, event, timeout);
    } catch (StorageException e) {
      throw new ActionException(prefix + e.getMessage(), e);
    } catch (ActionException e) {
      throw new ActionException(prefix + e.getMessage(), e);
    }
  }

  void create(Release rel, int maxHistory) throws ActionException {
    try {
      if (maxHistory > 0) {
        storage.pruneHistory(rel.name(), maxHistory - 1);
      }
      storage.create(rel);
    } catch (StorageException e) {
      throw new ActionException(e.getMessage(), e);
    }
  }

  /** Helm's {@code recordRelease}: failures are logged, not raised. */
  void record(Release rel) {
    try {
      storage.update(rel);
    } catch (StorageException e) {
      LOG.error("failed to record the release {}: {}", rel, e.getMessage());
    }
  }

  /** Helm's {@code reuseValues} (Flux: preserveValues = reuse, otherwise reset). */
  private static Map<String, Object> values(UpgradeRequest r, Release current) {
    if (r.resetValues()) {
      return r.values();
    }
    if (r.preserveValues()) {
      return Values.coalesceTables(
          Values.deepCopyMap(r.values()), Values.deepCopyMap(current.config()));
    }
    if (r.values().isEmpty() && !current.config().isEmpty()) {
      return current.config();
    }
    return r.values();
  }
}

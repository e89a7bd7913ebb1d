package io.capstan.helm.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.helm.release.ReleaseStorage;
import io.capstan.helm.release.StorageException;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import java.util.List;
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

  /** Phase: reading a release's history from the storage. */
  public static final String PHASE_STORAGE_READ = "storage-read";

  /** Phase: recording a release revision (pending, then deployed or failed). */
  public static final String PHASE_STORAGE_WRITE = "storage-write";

  /** Phase: pruning old revisions before a new one ({@code maxHistory}). */
  public static final String PHASE_STORAGE_PRUNE = "storage-prune";

  /** Phase: running the hooks of one event ({@code pre-install}, ...). */
  public static final String PHASE_HOOKS = "hooks";

  /** Phase: installing the chart's CRDs. */
  public static final String PHASE_CRDS = "crds";

  /** Phase: rendering the chart into a manifest (and post-rendering it). */
  public static final String PHASE_RENDER = "render";

  /** Phase: the server-side apply of the manifest (dry-run, apply, removal of old objects). */
  public static final String PHASE_APPLY = "apply";

  /** Phase: the wait for the applied objects to be ready. */
  public static final String PHASE_WAIT = "wait";

  private final ActionConfig config;
  private final ReleaseStorage storage;
  private final ClusterObjects objects;
  private final ManifestApplier applier;
  private final HookRunner hooks;
  private final ServerSideApplier ssa;
  private final ReleaseCycle cycle;
  private volatile ActionPhases phases = ActionPhases.NONE;

  public HelmActions(ActionConfig config) {
    this.config = config;
    this.storage = config.storage();
    this.ssa = new ServerSideApplier(config.client());
    ApiResources resources = ssa.resources();
    this.objects = new ClusterObjects(resources);
    this.applier = new ManifestApplier(config, ssa, objects);
    this.hooks = new HookRunner(objects, storage);
    this.cycle =
        new ReleaseCycle(this, new ReleaseRenderer(config), new CrdInstaller(config, ssa, objects));
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

  /**
   * Reports the duration of each phase of the actions (render, CRDs, storage, apply, wait, hooks)
   * to {@code phases}; returns this.
   */
  public HelmActions phases(ActionPhases phases) {
    this.phases = phases == null ? ActionPhases.NONE : phases;
    return this;
  }

  /** Where the phases of these actions are reported ({@link ActionPhases#NONE} by default). */
  public ActionPhases phases() {
    return phases;
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
    return new InstallAction(this, cycle).run(r);
  }

  /**
   * Upgrades the release to a new revision; the previous deployed one becomes {@code superseded}.
   *
   * @return the {@code deployed} release
   * @throws ActionException with the {@code failed} release when anything after recording failed
   */
  public Release upgrade(UpgradeRequest r) throws ActionException {
    return new UpgradeAction(this, cycle).run(r);
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
    return new UnlockAction(this).run(releaseName);
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
      return phases.time(PHASE_STORAGE_READ, () -> storage.history(name));
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
      phases.time(
          PHASE_HOOKS,
          () -> {
            hooks.run(rel, event, timeout);
            return null;
          });
    } catch (StorageException e) {
      throw new ActionException(prefix + e.getMessage(), e);
    } catch (ActionException e) {
      throw new ActionException(prefix + e.getMessage(), e);
    }
  }

  void create(Release rel, int maxHistory) throws ActionException {
    try {
      if (maxHistory > 0) {
        phases.time(
            PHASE_STORAGE_PRUNE,
            () -> {
              storage.pruneHistory(rel.name(), maxHistory - 1);
              return null;
            });
      }
      phases.time(
          PHASE_STORAGE_WRITE,
          () -> {
            storage.create(rel);
            return null;
          });
    } catch (StorageException e) {
      throw new ActionException(e.getMessage(), e);
    }
  }

  /** Helm's {@code recordRelease}: failures are logged, not raised. */
  void record(Release rel) {
    try {
      phases.time(
          PHASE_STORAGE_WRITE,
          () -> {
            storage.update(rel);
            return null;
          });
    } catch (StorageException e) {
      LOG.error("failed to record the release {}: {}", rel, e.getMessage());
    }
  }
}

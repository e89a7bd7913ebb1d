package io.capstan.helm.action;

import io.capstan.helm.release.Release;
import java.util.Optional;

/**
 * Helm's actions (install, upgrade, rollback, test, uninstall, unlock) against one cluster and one
 * release storage, as Helm v4's {@code pkg/action} runs them: releases recorded in Helm's format,
 * objects applied by server-side apply, hooks run in weight order with their delete policies. One
 * instance per (cluster client, storage); thread-safe for different release names.
 */
public final class HelmActions {
  private final ActionConfig config;

  public HelmActions(ActionConfig config) {
    this.config = config;
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
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Upgrades the release to a new revision; the previous deployed one becomes {@code superseded}.
   *
   * @return the {@code deployed} release
   * @throws ActionException with the {@code failed} release when anything after recording failed
   */
  public Release upgrade(UpgradeRequest r) throws ActionException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Rolls back: a new revision with the manifests, values and chart of {@code toVersion},
   * description {@code Rollback to N}.
   */
  public Release rollback(RollbackRequest r) throws ActionException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Runs the test hooks of the latest release; returns the release with each test hook's {@code
   * last_run} recorded (also stored). A failing test throws with that release.
   */
  public Release test(TestRequest r) throws ActionException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Uninstalls: pre-delete hooks, objects deleted (except {@code helm.sh/resource-policy: keep}),
   * post-delete hooks; revisions deleted, or kept with the last one {@code uninstalled}.
   *
   * @return the last revision as recorded (empty when the history was deleted)
   */
  public Optional<Release> uninstall(UninstallRequest r) throws ActionException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Flux's unlock: marks the latest revision, if it is {@code pending-*}, {@code failed} with
   * description {@code Release unlocked from stale '<status>' state}.
   *
   * @return the updated release
   * @throws ActionException when there is no release or its latest revision is not pending
   */
  public Release unlock(String releaseName) throws ActionException {
    throw new UnsupportedOperationException("not implemented yet");
  }
}

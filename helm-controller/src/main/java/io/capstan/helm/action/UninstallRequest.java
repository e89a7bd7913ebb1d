package io.capstan.helm.action;

import java.time.Duration;

/**
 * Uninstalls a release ({@code helm uninstall}).
 *
 * @param releaseName the release
 * @param timeout how long to wait for hooks and, with {@code wait}, for deletions
 * @param disableHooks skip pre/post-delete hooks
 * @param keepHistory keep the revisions (the last one marked {@code uninstalled})
 * @param waitForResources wait until the deleted objects are gone
 * @param deletionPropagation {@code background} (default), {@code foreground} or {@code orphan}
 * @param description the description recorded (null: Helm's {@code Uninstallation complete})
 */
public record UninstallRequest(
    String releaseName,
    Duration timeout,
    boolean disableHooks,
    boolean keepHistory,
    boolean waitForResources,
    String deletionPropagation,
    String description) {
  public UninstallRequest {
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    deletionPropagation =
        deletionPropagation == null || deletionPropagation.isEmpty()
            ? "background"
            : deletionPropagation;
  }

  /** Defaults: 5m, hooks on, history deleted, no wait, background propagation. */
  public static UninstallRequest of(String releaseName) {
    return new UninstallRequest(releaseName, null, false, false, false, null, null);
  }
}

package io.capstan.helm.controller.lifecycle;

/**
 * What the state machine needs of one release in Helm's storage.
 *
 * @param name the release name
 * @param namespace the release namespace
 * @param version the release revision
 * @param status Helm's status name: {@code deployed}, {@code failed}, {@code pending-install}, ...
 * @param chartName the chart's name in the release
 * @param chartVersion the chart's version in the release
 * @param digest the digest of the stored release record, compared with the snapshot's
 */
public record ObservedRelease(
    String name,
    String namespace,
    int version,
    String status,
    String chartName,
    String chartVersion,
    String digest) {

  /** Whether Helm is still (or was left) in the middle of an action on this release. */
  public boolean isPending() {
    return status != null && status.startsWith("pending-");
  }
}

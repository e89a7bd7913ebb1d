package io.capstan.helm.engine;

import java.util.List;

/**
 * Options of one render, mirroring {@code helm template}'s flags.
 *
 * @param releaseName {@code .Release.Name}
 * @param namespace {@code .Release.Namespace}
 * @param revision {@code .Release.Revision} (1 for an install)
 * @param isUpgrade {@code --is-upgrade}
 * @param kubeVersion {@code --kube-version} (null: v1.37.0, as Helm v4.3.2)
 * @param apiVersions {@code --api-versions} added to Helm's built-in set
 * @param skipSchemaValidation {@code --skip-schema-validation}
 * @param lookup answers {@code lookup} (offline: empty maps)
 */
public record RenderOptions(
    String releaseName,
    String namespace,
    int revision,
    boolean isUpgrade,
    String kubeVersion,
    List<String> apiVersions,
    boolean skipSchemaValidation,
    Lookup lookup) {
  /** Defaults for an install of {@code releaseName} into {@code namespace}, offline. */
  public static RenderOptions install(String releaseName, String namespace) {
    return new RenderOptions(
        releaseName, namespace, 1, false, null, List.of(), false, Lookup.offline());
  }

  /** A copy with another Kubernetes version. */
  public RenderOptions withKubeVersion(String v) {
    return new RenderOptions(
        releaseName, namespace, revision, isUpgrade, v, apiVersions, skipSchemaValidation, lookup);
  }

  /** A copy with extra API versions. */
  public RenderOptions withApiVersions(List<String> v) {
    return new RenderOptions(
        releaseName,
        namespace,
        revision,
        isUpgrade,
        kubeVersion,
        List.copyOf(v),
        skipSchemaValidation,
        lookup);
  }

  /** A copy marked as upgrade (or install). */
  public RenderOptions withUpgrade(boolean upgrade) {
    return new RenderOptions(
        releaseName,
        namespace,
        revision,
        upgrade,
        kubeVersion,
        apiVersions,
        skipSchemaValidation,
        lookup);
  }

  /** A copy with schema validation skipped (or not). */
  public RenderOptions withSkipSchemaValidation(boolean skip) {
    return new RenderOptions(
        releaseName, namespace, revision, isUpgrade, kubeVersion, apiVersions, skip, lookup);
  }

  /** A copy with another {@code lookup} implementation. */
  public RenderOptions withLookup(Lookup l) {
    return new RenderOptions(
        releaseName,
        namespace,
        revision,
        isUpgrade,
        kubeVersion,
        apiVersions,
        skipSchemaValidation,
        l);
  }
}

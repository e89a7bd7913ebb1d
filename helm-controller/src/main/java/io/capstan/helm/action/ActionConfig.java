package io.capstan.helm.action;

import io.capstan.helm.engine.Lookup;
import io.capstan.helm.release.ReleaseStorage;
import io.capstan.helm.release.SecretReleaseStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/**
 * What the Helm actions run against (Helm's {@code action.Configuration}).
 *
 * @param client the target cluster's client (an impersonating one if needed)
 * @param storage where releases are recorded
 * @param fieldManager the server-side-apply field manager (Flux: {@code helm-controller})
 * @param lookup answers the {@code lookup} template function
 * @param kubeVersion {@code .Capabilities.KubeVersion} ({@code v1.33.1})
 * @param apiVersions {@code .Capabilities.APIVersions} of the server ({@code apps/v1}, {@code
 *     apps/v1/Deployment}, ...)
 */
public record ActionConfig(
    KubernetesClient client,
    ReleaseStorage storage,
    String fieldManager,
    Lookup lookup,
    String kubeVersion,
    Set<String> apiVersions) {
  public ActionConfig {
    apiVersions = apiVersions == null ? Set.of() : Set.copyOf(apiVersions);
  }

  /**
   * The configuration of a cluster: Secret storage in {@code storageNamespace}, {@code lookup}
   * answered from the cluster, kubeVersion and API versions read from the server's discovery.
   */
  public static ActionConfig forCluster(
      KubernetesClient client, String storageNamespace, String fieldManager) {
    ClusterCapabilities caps = ClusterCapabilities.discover(client);
    return new ActionConfig(
        client,
        new SecretReleaseStorage(client, storageNamespace),
        fieldManager,
        new ClusterLookup(client),
        caps.kubeVersion(),
        caps.apiVersions());
  }
}

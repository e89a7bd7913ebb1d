package io.capstan.helm.action;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The server's version and API versions as Helm's {@code GetCapabilities} reports them: every
 * group/version and every group/version/Kind the server serves.
 */
record ClusterCapabilities(String kubeVersion, Set<String> apiVersions) {
  static ClusterCapabilities discover(KubernetesClient client) {
    String version = client.getKubernetesVersion().getGitVersion();
    Set<String> out = new LinkedHashSet<>();
    addResources(client, "v1", out);
    for (APIGroup g : client.getApiGroups().getGroups()) {
      for (GroupVersionForDiscovery gv : g.getVersions()) {
        addResources(client, gv.getGroupVersion(), out);
      }
    }
    return new ClusterCapabilities(version, out);
  }

  private static void addResources(KubernetesClient client, String groupVersion, Set<String> out) {
    out.add(groupVersion);
    APIResourceList list;
    try {
      list = client.getApiResources(groupVersion);
    } catch (KubernetesClientException e) {
      return; // an aggregated API that does not answer: Helm skips it too
    }
    if (list == null || list.getResources() == null) {
      return;
    }
    for (APIResource r : list.getResources()) {
      if (!r.getName().contains("/")) {
        out.add(groupVersion + "/" + r.getKind());
      }
    }
  }
}

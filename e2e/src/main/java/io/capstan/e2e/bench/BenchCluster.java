package io.capstan.e2e.bench;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** The start of every benchmark cluster: the Capstan CRDs installed and a namespace created. */
final class BenchCluster {

  private BenchCluster() {}

  /**
   * Installs the Flux/Capstan CRDs (awaited Established) on {@code plane} and, when {@code ns} is
   * not null, creates that namespace; returns the plane's client.
   */
  static KubernetesClient prepare(KubeControlPlane plane, String ns) {
    KubernetesClient client = plane.client();
    CustomResourceDefinitions.install(
        client,
        CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
        Duration.ofMinutes(1));
    if (ns != null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    return client;
  }
}

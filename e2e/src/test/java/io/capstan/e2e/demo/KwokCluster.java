package io.capstan.e2e.demo;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * toolkit-testing's local control plane in cluster mode (kube-apiserver, etcd,
 * kube-controller-manager, kube-scheduler) with kwok fake nodes: Deployments roll out and Pods turn
 * Ready without any container runtime, so images are never pulled.
 */
final class KwokCluster implements DemoCluster {

  private final KubeControlPlane plane;

  private KwokCluster(KubeControlPlane plane) {
    this.plane = plane;
  }

  /** Starts a private control plane with {@code nodes} kwok nodes and installs the Flux CRDs. */
  static KwokCluster start(int nodes) {
    KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.cluster(nodes));
    try {
      CustomResourceDefinitions.install(
          plane.client(),
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofSeconds(60));
      System.err.printf(
          "[capstan-e2e] local control plane with %d kwok node(s) at %s; kubeconfig: %s%n",
          nodes, plane.apiServerUrl(), plane.kubeconfig());
      return new KwokCluster(plane);
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  @Override
  public String description() {
    return "local control plane (kwok nodes) at " + plane.apiServerUrl();
  }

  @Override
  public Path kubeconfig() {
    return plane.kubeconfig();
  }

  @Override
  public KubernetesClient client() {
    return plane.client();
  }

  @Override
  public Duration podReadyTimeout() {
    return Duration.ofSeconds(60);
  }

  @Override
  public void ensureRunning() {
    plane.ensureRunning();
  }

  @Override
  public void close() {
    plane.close();
  }
}

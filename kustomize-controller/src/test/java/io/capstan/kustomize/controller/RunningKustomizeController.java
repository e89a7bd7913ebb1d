package io.capstan.kustomize.controller;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A started {@link KustomizeController} watching one namespace, with its own client built the way
 * {@code Main} builds it ({@link TolerantSerialization}); {@link #close()} stops the controller
 * before closing the client.
 */
final class RunningKustomizeController implements AutoCloseable {

  private final KubernetesClient client;
  private final KustomizeController controller;

  private RunningKustomizeController(KubernetesClient client, KustomizeController controller) {
    this.client = client;
    this.controller = controller;
  }

  /** Starts a controller for {@code namespace} with the builder defaults. */
  static RunningKustomizeController start(KubeControlPlane plane, String namespace) {
    return start(plane, namespace, UnaryOperator.identity());
  }

  /**
   * Starts a controller for {@code namespace}; {@code options} may set further builder options (it
   * receives a builder that already has the client and namespace).
   */
  static RunningKustomizeController start(
      KubeControlPlane plane,
      String namespace,
      UnaryOperator<KustomizeController.Builder> options) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(namespace))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    try {
      KustomizeController controller =
          options
              .apply(
                  KustomizeController.builder().client(client).watchNamespaces(Set.of(namespace)))
              .build();
      controller.start();
      return new RunningKustomizeController(client, controller);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The client the controller uses (scoped to its namespace). */
  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    controller.close();
    client.close();
  }
}

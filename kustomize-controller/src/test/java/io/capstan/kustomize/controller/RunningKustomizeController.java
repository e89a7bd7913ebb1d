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
   * Starts a controller for {@code namespace}; {@code flags} may change its options (it receives
   * options that already watch the namespace only, without interval jitter).
   */
  static RunningKustomizeController start(
      KubeControlPlane plane,
      String namespace,
      UnaryOperator<KustomizeControllerOptions.Builder> flags) {
    return start(plane, namespace, flags, UnaryOperator.identity());
  }

  /**
   * Starts a controller for {@code namespace} with {@code flags} on its options and {@code
   * controller} on the facade builder (which already has the client and the options).
   */
  static RunningKustomizeController start(
      KubeControlPlane plane,
      String namespace,
      UnaryOperator<KustomizeControllerOptions.Builder> flags,
      UnaryOperator<KustomizeController.Builder> controller) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(namespace))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    try {
      KustomizeControllerOptions options =
          flags
              .apply(
                  KustomizeControllerOptions.builder()
                      .watchNamespaces(Set.of(namespace))
                      .intervalJitterPercentage(0))
              .build();
      KustomizeController started =
          controller.apply(KustomizeController.builder().client(client).options(options)).build();
      started.start();
      return new RunningKustomizeController(client, started);
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

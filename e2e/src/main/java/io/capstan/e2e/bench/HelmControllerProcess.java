package io.capstan.e2e.bench;

import io.capstan.helm.controller.HelmController;

/**
 * helm-controller as a process for the HelmRelease benchmark, as {@link KustomizeControllerProcess}
 * is for kustomize-controller: {@code java -cp <classpath>
 * io.capstan.e2e.bench.HelmControllerProcess --concurrent N} starts {@link HelmController} on the
 * cluster of {@code $KUBECONFIG} (all namespaces) until SIGTERM, logging every API request of its
 * client to {@code -Dcapstan.bench.requestLog=FILE} (the shipped {@code Main} has no request log).
 */
public final class HelmControllerProcess {

  private HelmControllerProcess() {}

  /** Starts the controller and blocks until the JVM is asked to stop. */
  public static void main(String[] args) throws Exception {
    BenchController.run(
        "helm-controller",
        args,
        (client, concurrent) -> {
          HelmController controller =
              HelmController.builder().client(client).concurrency(concurrent).build();
          controller.start();
          return controller;
        });
  }
}

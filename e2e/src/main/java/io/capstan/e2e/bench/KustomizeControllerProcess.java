package io.capstan.e2e.bench;

import io.capstan.kustomize.controller.KustomizeController;

/**
 * The kustomize-controller as a process for the benchmarks, with a client-side request log: {@code
 * java -cp <classpath> io.capstan.e2e.bench.KustomizeControllerProcess --concurrent N} starts
 * {@link KustomizeController} on the cluster of {@code $KUBECONFIG} (all namespaces) and runs until
 * SIGTERM ({@link BenchController}: {@code -Dcapstan.bench.requestLog=FILE}, {@code
 * -Dcapstan.bench.tokenRefresh=true}).
 */
public final class KustomizeControllerProcess {

  private KustomizeControllerProcess() {}

  /** Starts the controller and blocks until the JVM is asked to stop. */
  public static void main(String[] args) throws Exception {
    BenchController.run(
        "kustomize-controller",
        args,
        (client, concurrent) -> {
          KustomizeController controller =
              KustomizeController.builder().client(client).concurrency(concurrent).build();
          controller.start();
          return controller;
        });
  }
}

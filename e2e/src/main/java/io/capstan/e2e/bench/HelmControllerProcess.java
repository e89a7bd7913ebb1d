package io.capstan.e2e.bench;

import io.capstan.helm.controller.HelmController;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

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
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          HelmController controller =
              HelmController.builder()
                  .client(client)
                  .concurrency(concurrent)
                  .meterRegistry(registry)
                  .build();
          // the phase breakdown, printed while the JVM shuts down (SIGTERM from the bench)
          Runtime.getRuntime()
              .addShutdownHook(new Thread(() -> printTimers(registry), "print-timers"));
          controller.start();
          return controller;
        });
  }

  /**
   * Prints every timer of the controller (the reconcile phases of {@code
   * capstan.helmrelease.phase}, the work queue's and the reconcile's) as {@code TIMER name{tags}
   * count total_s mean_ms max_ms}: the bench's phase breakdown.
   */
  static void printTimers(SimpleMeterRegistry registry) {
    long perObjectCount = 0;
    double perObjectSeconds = 0;
    for (var meter : registry.getMeters()) {
      if (!(meter instanceof Timer t)) {
        continue;
      }
      if (t.getId().getTag("name") != null && t.getId().getTag("namespace") != null) {
        // one timer per HelmRelease (gotk_reconcile_duration): summed below
        perObjectCount += t.count();
        perObjectSeconds += t.totalTime(TimeUnit.SECONDS);
        continue;
      }
      System.err.printf(
          "TIMER %s%s count=%d total=%.3fs mean=%.2fms max=%.1fms%n",
          t.getId().getName(),
          t.getId().getTags(),
          t.count(),
          t.totalTime(TimeUnit.SECONDS),
          t.mean(TimeUnit.MILLISECONDS),
          t.max(TimeUnit.MILLISECONDS));
    }
    System.err.printf(
        "TIMER per-object reconcile timers (summed) count=%d total=%.3fs%n",
        perObjectCount, perObjectSeconds);
    System.err.flush();
  }
}

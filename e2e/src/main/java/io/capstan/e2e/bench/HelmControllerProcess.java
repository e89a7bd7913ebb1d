package io.capstan.e2e.bench;

import io.capstan.helm.controller.HelmController;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
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
    int concurrent = 4;
    for (String a : args) {
      if (a.startsWith("--concurrent=")) {
        concurrent = Integer.parseInt(a.substring("--concurrent=".length()));
      } else {
        throw new IllegalArgumentException("unknown argument " + a + " (only --concurrent=N)");
      }
    }
    Config config = Config.autoConfigure(null);
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(TolerantSerialization.create());
    String requestLog = System.getProperty("capstan.bench.requestLog");
    KustomizeControllerProcess.RequestLog log =
        requestLog == null ? null : new KustomizeControllerProcess.RequestLog(Path.of(requestLog));
    builder.withHttpClientBuilderConsumer(
        b -> {
          if (log != null) {
            b.addOrReplaceInterceptor("bench-log", log);
          }
          if (KustomizeControllerProcess.certificateOnly(config)) {
            b.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, new Interceptor() {});
          }
        });
    CountDownLatch stopped = new CountDownLatch(1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KubernetesClient client = builder.build();
        HelmController controller =
            HelmController.builder()
                .client(client)
                .concurrency(concurrent)
                .meterRegistry(registry)
                .build()) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    printTimers(registry);
                    stopped.countDown();
                  },
                  "shutdown"));
      controller.start();
      System.err.printf("helm-controller started, --concurrent=%d%n", concurrent);
      stopped.await();
    } finally {
      if (log != null) {
        log.close();
      }
    }
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

package io.capstan.e2e.bench;

import io.capstan.helm.controller.HelmController;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

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
    try (KubernetesClient client = builder.build();
        HelmController controller =
            HelmController.builder().client(client).concurrency(concurrent).build()) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
      controller.start();
      System.err.printf("helm-controller started, --concurrent=%d%n", concurrent);
      stopped.await();
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }
}

package io.capstan.source.bench;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.FluxStatus;
import io.capstan.local.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * The create-and-measure loop the source benches share: a controller in its own JVM ({@link
 * ControllerProcess}, {@link GitRepositoryBench#JVM} flags), N objects of one kind created as fast
 * as the API server takes them, then the time until all are Ready and the controller's peak RSS.
 */
final class BenchDriver {

  /** How long all objects may take to become Ready. */
  private static final Duration READY_LIMIT = Duration.ofMinutes(15);

  private BenchDriver() {}

  /** One run's numbers, read before the controller stops. */
  record Measurement(
      int objects,
      int ready,
      double createSeconds,
      double totalSeconds,
      double peakRssMib,
      String launchedFrom) {}

  /** Looks at the still running controller after the measurement (diagnostics). */
  @FunctionalInterface
  interface Inspection {
    void inspect(ControllerProcess controller) throws Exception;
  }

  /** Creates the namespace {@code ns}. */
  static void namespace(KubernetesClient client, String ns) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
  }

  /**
   * Starts a controller on {@code storage} (logging to {@code log}), gives it 3s to start (JVM +
   * informers) before the clock starts, creates the {@code n} objects {@code yaml} describes
   * (object {@code i}, namespace included), awaits all of kind {@code type} in {@code ns} Ready,
   * then lets {@code inspection} look at the controller before it is stopped.
   *
   * @throws IllegalStateException when they are not all Ready within 15 minutes or the controller
   *     exits first
   */
  static <R extends CustomResource<?, ? extends FluxStatus>> Measurement measure(
      KubeControlPlane plane,
      KubernetesClient client,
      Path storage,
      Path log,
      int concurrent,
      Class<R> type,
      String ns,
      int n,
      IntFunction<String> yaml,
      Inspection inspection)
      throws Exception {
    try (ControllerProcess controller =
        new ControllerProcess(
            plane.kubeconfig(), storage, concurrent, GitRepositoryBench.JVM, log)) {
      Thread.sleep(3000);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        client
            .resource(
                client
                    .resources(type)
                    .load(new ByteArrayInputStream(yaml.apply(i).getBytes(StandardCharsets.UTF_8)))
                    .item())
            .create();
      }
      long created = System.nanoTime();
      int ready = awaitReady(client, type, ns, n, controller);
      long end = System.nanoTime();
      Measurement m =
          new Measurement(
              n,
              ready,
              (created - start) / 1e9,
              (end - start) / 1e9,
              controller.peakRssMib(),
              controller.launchedFrom);
      inspection.inspect(controller);
      return m;
    }
  }

  private static <R extends CustomResource<?, ? extends FluxStatus>> int awaitReady(
      KubernetesClient client, Class<R> type, String ns, int n, ControllerProcess controller)
      throws InterruptedException {
    long deadline = System.nanoTime() + READY_LIMIT.toNanos();
    int ready = 0;
    while (System.nanoTime() < deadline && controller.isAlive()) {
      ready =
          (int)
              client.resources(type).inNamespace(ns).list().getItems().stream()
                  .filter(BenchDriver::isReady)
                  .count();
      if (ready == n) {
        return ready;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        ready
            + "/"
            + n
            + " Ready before the deadline (controller alive: "
            + controller.isAlive()
            + ")");
  }

  private static boolean isReady(CustomResource<?, ? extends FluxStatus> r) {
    return r.getStatus() != null
        && r.getStatus().getConditions() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && c.getStatus() == Condition.Status.True);
  }
}

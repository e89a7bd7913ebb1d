package io.capstan.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.runtime.controller.FluxReconcilerBuilder;
import io.capstan.runtime.metrics.ControllerRuntimeMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Occupies the only reconcile worker of an operator (the Java Operator SDK runs every controller of
 * an operator on one executor): a ConfigMap reconciler whose reconcile of the ConfigMap {@value
 * #NAME} blocks until {@link #release()}, so that events of other objects arrive while those wait
 * for the worker — the case in which the SDK reconciles them once more for nothing and {@code
 * skipUnchanged} drops that reconcile.
 */
public final class WorkerHold implements Reconciler<ConfigMap> {

  public static final String NAME = "worker-hold";
  private static final long TIMEOUT_SECONDS = 60;

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  /**
   * An operator on {@code client} whose controllers all share one reconcile worker (the client
   * stays open when the operator stops).
   */
  public static Operator singleWorkerOperator(KubernetesClient client) {
    return new Operator(
        o ->
            o.withKubernetesClient(client)
                .withConcurrentReconciliationThreads(1)
                .withCloseClientOnStop(false));
  }

  /**
   * With {@code memo} false, switches {@code skipUnchanged} off for the controllers registered
   * before {@link MemoSetting#close()} (the property is read when a controller is built).
   */
  public static MemoSetting memo(boolean memo) {
    if (!memo) {
      System.setProperty(FluxReconcilerBuilder.SKIP_UNCHANGED_PROPERTY, "false");
    }
    return () -> System.clearProperty(FluxReconcilerBuilder.SKIP_UNCHANGED_PROPERTY);
  }

  /** The scope of {@link #memo(boolean)}. */
  public interface MemoSetting extends AutoCloseable {
    @Override
    void close();
  }

  /** Registers the hold with {@code operator}, watching {@code namespace}. */
  public static WorkerHold register(Operator operator, String namespace) {
    WorkerHold hold = new WorkerHold();
    operator.register(hold, o -> o.withName("worker-hold").settingNamespaces(namespace));
    return hold;
  }

  @Override
  public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context)
      throws InterruptedException {
    if (NAME.equals(resource.getMetadata().getName()) && entered.getCount() > 0) {
      entered.countDown();
      released.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return UpdateControl.noUpdate();
  }

  /** Creates the ConfigMap and waits until its reconcile holds the worker. */
  public void occupy(KubernetesClient client, String namespace) throws InterruptedException {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).endMetadata().build())
        .create();
    assertThat(entered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  /** Lets the held reconcile end. */
  public void release() {
    released.countDown();
  }

  /** The reconciles of {@code kind} recorded in {@code registry} (skipped ones are not counted). */
  public static double reconciles(MeterRegistry registry, String kind) {
    return registry
        .find(ControllerRuntimeMetrics.RECONCILE)
        .tag("controller", ControllerRuntimeMetrics.controllerName(kind))
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** Waits until {@code kind} had no reconcile for {@code quiet}; returns the count then. */
  public static double settle(MeterRegistry registry, String kind, Duration quiet)
      throws InterruptedException {
    double seen = reconciles(registry, kind);
    while (true) {
      Thread.sleep(quiet.toMillis());
      double now = reconciles(registry, kind);
      if (now == seen) {
        return now;
      }
      seen = now;
    }
  }
}

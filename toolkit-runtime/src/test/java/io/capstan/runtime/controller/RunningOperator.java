package io.capstan.runtime.controller;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;

/**
 * A started Java Operator SDK {@link Operator} running a {@link FluxReconciler} for GitRepository
 * in one namespace, wired as an application would: its own client reading with {@link
 * TolerantSerialization}, registration through {@link FluxControllerConfiguration}.
 */
final class RunningOperator implements AutoCloseable {

  private final Operator operator;

  private RunningOperator(Operator operator) {
    this.operator = operator;
  }

  /** Starts an operator watching {@code namespace}; its client is closed on {@link #close()}. */
  static RunningOperator start(
      KubeControlPlane plane,
      String namespace,
      KindReconciler<GitRepository> kind,
      MeterRegistry registry) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(namespace))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    FluxReconciler<GitRepository> reconciler =
        FluxReconciler.builder(kind)
            .controllerName("source-controller")
            .client(client)
            .meterRegistry(registry)
            .build();
    Operator operator =
        new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(true));
    FluxControllerConfiguration.register(
        operator, GitRepository.class, "gitrepository", Set.of(namespace), reconciler);
    operator.start();
    return new RunningOperator(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}

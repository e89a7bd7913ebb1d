package io.capstan.runtime.cluster;

import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's own client and applier, plus one client and applier per impersonated user on the
 * controller's cluster, built on first use and kept until {@link #close()}: reconciling as a
 * service account every interval then costs no new HTTP client and no new API discovery.
 */
public final class ImpersonatedClients implements AutoCloseable {

  /** A client and the applier (with its discovery cache) that uses it. */
  public record Target(KubernetesClient client, ServerSideApplier applier) {}

  private final Target controller;
  private final Map<String, Target> byUser = new ConcurrentHashMap<>();

  /** Clients derived from {@code controllerClient}'s configuration. */
  public ImpersonatedClients(KubernetesClient controllerClient) {
    Objects.requireNonNull(controllerClient, "controllerClient");
    this.controller = new Target(controllerClient, new ServerSideApplier(controllerClient));
  }

  /** The controller's own identity. */
  public Target controller() {
    return controller;
  }

  /** The controller's cluster as {@code user} (e.g. {@code system:serviceaccount:ns:name}). */
  public Target as(String user) {
    return byUser.computeIfAbsent(
        user,
        u -> {
          Config config = new ConfigBuilder(controller.client().getConfiguration()).build();
          config.setImpersonateUsername(u);
          KubernetesClient client = build(config);
          return new Target(client, new ServerSideApplier(client));
        });
  }

  /** A client for {@code config}, reading Flux kinds tolerantly; the caller closes it. */
  public static KubernetesClient build(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(TolerantSerialization.create())
        .build();
  }

  /** Closes the impersonating clients; the controller's client stays open. */
  @Override
  public void close() {
    byUser.values().forEach(t -> t.client().close());
    byUser.clear();
  }
}

package io.capstan.runtime.process;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * What a process gives a controller it creates: one API client and one metrics registry, shared by
 * every controller in the process and closed by the process.
 *
 * @param client the API client (Flux kinds read tolerantly)
 * @param registry where reconcile metrics go (served at {@code /metrics})
 */
public record ControllerContext(KubernetesClient client, MeterRegistry registry) {

  /** Both parts are required. */
  public ControllerContext {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(registry, "registry");
  }
}

package io.capstan.kustomize.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The flags of {@link Main}, named and defaulted as Flux's kustomize-controller flags.
 *
 * @param concurrent {@code --concurrent}: reconciles at once (Flux default 4)
 * @param requeueDependency {@code --requeue-dependency}: retry delay while dependencies are not
 *     ready (Flux default 30s)
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param metricsAddress {@code --metrics-addr}: Prometheus {@code /metrics}
 * @param healthAddress {@code --health-addr}: {@code /healthz} and {@code /readyz}
 * @param logLevel {@code --log-level}: debug, info or error
 */
public record KustomizeControllerOptions(
    int concurrent,
    Duration requeueDependency,
    Set<String> watchNamespaces,
    String metricsAddress,
    String healthAddress,
    String logLevel) {

  /** Validates the values a flag parser cannot. */
  public KustomizeControllerOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    Objects.requireNonNull(requeueDependency, "requeueDependency");
    if (requeueDependency.isNegative() || requeueDependency.isZero()) {
      throw new IllegalArgumentException("--requeue-dependency must be positive");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** A controller configured by these options (not started; the client is still to be set). */
  KustomizeController.Builder toBuilder() {
    return KustomizeController.builder()
        .concurrency(concurrent)
        .requeueDependency(requeueDependency)
        .namespaces(watchNamespaces);
  }
}

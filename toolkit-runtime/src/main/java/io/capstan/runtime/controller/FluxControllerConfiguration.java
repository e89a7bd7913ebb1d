package io.capstan.runtime.controller;

import io.capstan.api.meta.FluxStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ResolvedControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Registers a {@link FluxReconciler} with a Java Operator SDK {@link Operator} the way Flux
 * controllers behave:
 *
 * <ul>
 *   <li>reconciles on new generations and {@code reconcile.fluxcd.io/requestedAt} changes, not on
 *       status-only updates ({@link ReconcileTriggers});
 *   <li>{@code triggerReconcilerOnAllEvents}, so the reconciler sees objects being deleted and
 *       manages {@code finalizers.fluxcd.io} itself;
 *   <li>retries failures with exponential backoff from 750 ms, doubling to 15 min, without a limit
 *       on attempts (Flux's {@code --min-retry-delay}/{@code --max-retry-delay} defaults; {@link
 *       FluxRetry}).
 * </ul>
 *
 * <p>Passing the resource class explicitly lets one generic reconciler class serve every kind (the
 * SDK would otherwise read it from the reconciler's type argument, which erasure hides).
 */
public final class FluxControllerConfiguration {

  /** First retry delay after a failure. */
  public static final Duration MIN_RETRY_DELAY = Duration.ofMillis(750);

  /** Longest retry delay. */
  public static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(15);

  private FluxControllerConfiguration() {}

  /** The retry policy: 750 ms, 1.5 s, 3 s, ... up to 15 min ({@link FluxRetry}). */
  public static FluxRetry retry() {
    return new FluxRetry(MIN_RETRY_DELAY, MAX_RETRY_DELAY);
  }

  /**
   * The SDK configuration for a controller of {@code type}, named {@code name}, watching {@code
   * namespaces} (empty: all namespaces).
   */
  public static <R extends CustomResource<?, ? extends FluxStatus>> ControllerConfiguration<R> of(
      Class<R> type, String name, Set<String> namespaces, ConfigurationService service) {
    return of(type, name, namespaces, null, service);
  }

  /**
   * As {@link #of(Class, String, Set, ConfigurationService)}, watching only the objects matching
   * {@code labelSelector} (Flux's {@code --watch-label-selector}, e.g. {@code
   * sharding.fluxcd.io/shard=shard1}; null or empty: all).
   */
  public static <R extends CustomResource<?, ? extends FluxStatus>> ControllerConfiguration<R> of(
      Class<R> type,
      String name,
      Set<String> namespaces,
      String labelSelector,
      ConfigurationService service) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    // The SDK's filter receives (new, old); ReconcileTriggers takes (before, after).
    InformerConfiguration<R>.Builder informer =
        InformerConfiguration.builder(type)
            .withOnUpdateFilter(
                (newResource, oldResource) -> ReconcileTriggers.onUpdate(oldResource, newResource));
    if (!namespaces.isEmpty()) {
      informer.withNamespaces(namespaces);
    }
    if (labelSelector != null && !labelSelector.isBlank()) {
      informer.withLabelSelector(labelSelector.trim());
    }
    return new ResolvedControllerConfiguration<>(
        name,
        false,
        FluxReconciler.class.getCanonicalName(),
        retry(),
        null,
        null,
        null,
        Map.of(),
        name,
        service,
        informer.buildForController(),
        true,
        null);
  }

  /**
   * Registers {@code reconciler} for {@code type} with {@code operator}, watching all namespaces.
   */
  public static <R extends CustomResource<?, ? extends FluxStatus>>
      RegisteredController<R> register(
          Operator operator, Class<R> type, String name, FluxReconciler<R> reconciler) {
    return register(operator, type, name, Set.of(), reconciler);
  }

  /**
   * Registers {@code reconciler} for {@code type} with {@code operator}, watching {@code
   * namespaces}.
   */
  public static <R extends CustomResource<?, ? extends FluxStatus>>
      RegisteredController<R> register(
          Operator operator,
          Class<R> type,
          String name,
          Set<String> namespaces,
          FluxReconciler<R> reconciler) {
    return operator.register(
        reconciler, of(type, name, namespaces, operator.getConfigurationService()));
  }
}

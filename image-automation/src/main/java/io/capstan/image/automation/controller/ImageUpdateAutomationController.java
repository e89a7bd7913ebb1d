package io.capstan.image.automation.controller;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.controller.FluxControllerConfiguration;
import io.capstan.runtime.controller.FluxReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Java Operator SDK reconciler for ImageUpdateAutomation: the runtime's {@link FluxReconciler}
 * plus Flux's two watches. An ImagePolicy whose {@code status.latestRef} changes (or that appears
 * or goes) triggers every automation of its namespace, since the link is made by markers in Git; a
 * GitRepository whose spec changes triggers the automations that refer to it.
 */
public final class ImageUpdateAutomationController implements Reconciler<ImageUpdateAutomation> {

  static final String SOURCE_INDEX = "capstan.io/imageupdateautomation-source";

  private final FluxReconciler<ImageUpdateAutomation> delegate;
  private final Set<String> namespaces;
  private final ImageUpdateAutomationInputs inputs;

  /** Wraps {@code delegate}; {@code namespaces} (empty: all) limits the watches. */
  public ImageUpdateAutomationController(
      FluxReconciler<ImageUpdateAutomation> delegate, Set<String> namespaces) {
    this(delegate, namespaces, new ImageUpdateAutomationInputs());
  }

  /**
   * As above; {@code inputs} (the delegate's {@code skipUnchanged} inputs) reads the sources and
   * policies from the watches' caches.
   */
  public ImageUpdateAutomationController(
      FluxReconciler<ImageUpdateAutomation> delegate,
      Set<String> namespaces,
      ImageUpdateAutomationInputs inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.namespaces = Set.copyOf(namespaces);
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  /**
   * Registers the ImageUpdateAutomation reconciler with {@code operator}: the one call a facade
   * makes.
   *
   * @param noCrossNamespaceRefs Flux's {@code --no-cross-namespace-refs}
   * @param forcePushBranch Flux's {@code GitForcePushBranch} feature gate
   * @param tempRoot where working trees are cloned ({@code null}: the JVM's temp directory)
   */
  public static void register(
      Operator operator,
      KubernetesClient client,
      Set<String> namespaces,
      MeterRegistry meterRegistry,
      boolean noCrossNamespaceRefs,
      boolean forcePushBranch,
      Path tempRoot) {
    register(
        operator,
        client,
        namespaces,
        meterRegistry,
        new ImageUpdateAutomationReconciler(
            client, noCrossNamespaceRefs, forcePushBranch, tempRoot));
  }

  /** As above with a configured reconciler (tests). */
  public static void register(
      Operator operator,
      KubernetesClient client,
      Set<String> namespaces,
      MeterRegistry meterRegistry,
      ImageUpdateAutomationReconciler reconciler) {
    ImageUpdateAutomationInputs inputs = new ImageUpdateAutomationInputs();
    FluxReconciler<ImageUpdateAutomation> flux =
        FluxReconciler.builder(reconciler)
            .controllerName(ImageUpdateAutomationReconciler.CONTROLLER_NAME)
            .client(client)
            .meterRegistry(meterRegistry)
            .skipUnchanged(inputs)
            .build();
    operator.register(
        new ImageUpdateAutomationController(flux, namespaces, inputs),
        FluxControllerConfiguration.of(
            ImageUpdateAutomation.class,
            "imageupdateautomation",
            namespaces,
            operator.getConfigurationService()));
  }

  @Override
  public UpdateControl<ImageUpdateAutomation> reconcile(
      ImageUpdateAutomation resource, Context<ImageUpdateAutomation> context) throws Exception {
    return delegate.reconcile(resource, context);
  }

  @Override
  public List<EventSource<?, ImageUpdateAutomation>> prepareEventSources(
      EventSourceContext<ImageUpdateAutomation> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            SOURCE_INDEX,
            a ->
                a.getSpec() == null || a.getSpec().getSourceRef() == null
                    ? List.of()
                    : List.of(ImageUpdateAutomationReconciler.sourceKey(a)));
    var policies =
        InformerEventSourceConfiguration.from(ImagePolicy.class, ImageUpdateAutomation.class)
            .withName("imagepolicies")
            .withOnUpdateFilter(
                (ImagePolicy after, ImagePolicy before) ->
                    !Objects.equals(latest(before), latest(after)))
            .withSecondaryToPrimaryMapper(
                (ImagePolicy policy) ->
                    context
                        .getPrimaryCache()
                        .list(policy.getMetadata().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()));
    var sources =
        InformerEventSourceConfiguration.from(GitRepository.class, ImageUpdateAutomation.class)
            .withName("gitrepositories")
            .withOnUpdateFilter(
                (GitRepository after, GitRepository before) ->
                    !Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(
                (GitRepository repo) ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            SOURCE_INDEX,
                            repo.getMetadata().getNamespace() + "/" + repo.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()));
    if (namespaces.isEmpty()) {
      policies.withWatchAllNamespaces();
      sources.withWatchAllNamespaces();
    } else {
      policies.withNamespaces(namespaces);
      sources.withNamespaces(namespaces);
    }
    InformerEventSource<ImagePolicy, ImageUpdateAutomation> policyCache =
        new InformerEventSource<>(policies.build(), context);
    InformerEventSource<GitRepository, ImageUpdateAutomation> sourceCache =
        new InformerEventSource<>(sources.build(), context);
    inputs.follow(sourceCache::get, ns -> policyCache.list(ns));
    return List.of(policyCache, sourceCache);
  }

  private static Object latest(ImagePolicy policy) {
    return policy.getStatus() == null ? null : policy.getStatus().getLatestRef();
  }
}

package io.capstan.image.controller;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.runtime.controller.FluxReconciler;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Java Operator SDK reconciler for ImagePolicy: the runtime's {@link FluxReconciler} plus a
 * watch on ImageRepositories, so a policy is evaluated as soon as its repository's {@code
 * lastScanResult.revision} (or Ready status) changes, as Flux's watch does.
 */
public final class ImagePolicyController implements Reconciler<ImagePolicy> {

  static final String REPOSITORY_INDEX = "capstan.io/imagepolicy-repository";

  private final FluxReconciler<ImagePolicy> delegate;
  private final Set<String> namespaces;
  private final ImagePolicyInputs inputs;

  /** Wraps {@code delegate}; {@code namespaces} (empty: all) limits the repository watch. */
  public ImagePolicyController(FluxReconciler<ImagePolicy> delegate, Set<String> namespaces) {
    this(delegate, namespaces, new ImagePolicyInputs());
  }

  /**
   * As above; {@code inputs} (the delegate's {@code skipUnchanged} inputs) reads the policies'
   * repositories from the repository watch's cache.
   */
  public ImagePolicyController(
      FluxReconciler<ImagePolicy> delegate, Set<String> namespaces, ImagePolicyInputs inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.namespaces = Set.copyOf(namespaces);
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public UpdateControl<ImagePolicy> reconcile(ImagePolicy resource, Context<ImagePolicy> context)
      throws Exception {
    return delegate.reconcile(resource, context);
  }

  @Override
  public List<EventSource<?, ImagePolicy>> prepareEventSources(
      EventSourceContext<ImagePolicy> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            REPOSITORY_INDEX,
            p ->
                p.getSpec() == null || p.getSpec().getImageRepositoryRef() == null
                    ? List.of()
                    : List.of(ImagePolicyReconciler.repositoryKey(p)));
    var builder =
        InformerEventSourceConfiguration.from(ImageRepository.class, ImagePolicy.class)
            .withName("imagerepositories")
            .withOnUpdateFilter(
                (ImageRepository after, ImageRepository before) -> scanChanged(before, after))
            .withSecondaryToPrimaryMapper(
                (ImageRepository repo) ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            REPOSITORY_INDEX,
                            repo.getMetadata().getNamespace() + "/" + repo.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()));
    if (namespaces.isEmpty()) {
      builder.withWatchAllNamespaces();
    } else {
      builder.withNamespaces(namespaces);
    }
    InformerEventSource<ImageRepository, ImagePolicy> repositories =
        new InformerEventSource<>(builder.build(), context);
    inputs.follow(repositories::get);
    return List.of(repositories);
  }

  private static boolean scanChanged(ImageRepository before, ImageRepository after) {
    return !Objects.equals(revision(before), revision(after))
        || !Objects.equals(readyStatus(before), readyStatus(after));
  }

  static String revision(ImageRepository r) {
    return r.getStatus() == null || r.getStatus().getLastScanResult() == null
        ? null
        : r.getStatus().getLastScanResult().getRevision();
  }

  static String readyStatus(ImageRepository r) {
    if (r.getStatus() == null || r.getStatus().getConditions() == null) {
      return null;
    }
    return r.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> String.valueOf(c.getStatus()))
        .findFirst()
        .orElse(null);
  }
}

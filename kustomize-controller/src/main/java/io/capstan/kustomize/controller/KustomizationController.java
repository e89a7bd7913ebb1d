package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.kustomize.controller.dependencies.DependencyWatch;
import io.capstan.kustomize.controller.source.SourceArtifact;
import io.capstan.kustomize.controller.source.SourceRevisionWatch;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.controller.LeanItemStore;
import io.capstan.runtime.health.ApiResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java Operator SDK reconciler for Kustomization: the runtime's {@link FluxReconciler} plus a
 * watch on the sources, so a Kustomization is reconciled as soon as its source's {@code
 * status.artifact.revision} changes instead of at its next {@code spec.interval} (as Flux does).
 *
 * <p>The primary cache is indexed by {@code <kind>/<namespace>/<name>} of each Kustomization's
 * {@code spec.sourceRef}; one informer per source kind whose CRD the API server serves (read
 * unstructured) maps a revision change to the Kustomizations of that key. A kind without its CRD is
 * not watched, so the controller runs on clusters that lack, say, OCIRepository.
 */
public final class KustomizationController implements Reconciler<Kustomization> {

  static final String SOURCE_INDEX = "capstan.io/kustomization-source";

  static final String DEPENDS_ON_INDEX = "capstan.io/kustomization-depends-on";

  private static final Logger LOG = LoggerFactory.getLogger(KustomizationController.class);

  private final FluxReconciler<Kustomization> delegate;
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final SimpleInboundEventSource<Kustomization> dependents =
      new SimpleInboundEventSource<>("dependents");
  private volatile IndexerResourceCache<Kustomization> primaryCache;

  /**
   * Wraps {@code delegate}; {@code client} discovers the served source kinds; {@code namespaces}
   * (empty: all) limits the source watch as it limits the Kustomization watch.
   */
  public KustomizationController(
      FluxReconciler<Kustomization> delegate, KubernetesClient client, Set<String> namespaces) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.client = Objects.requireNonNull(client, "client");
    this.namespaces = Set.copyOf(namespaces);
  }

  @Override
  public UpdateControl<Kustomization> reconcile(
      Kustomization resource, Context<Kustomization> context) throws Exception {
    DependencyWatch.State before = DependencyWatch.State.of(resource);
    UpdateControl<Kustomization> control = delegate.reconcile(resource, context);
    if (!resource.isMarkedForDeletion()
        && DependencyWatch.requeuesDependents(before, DependencyWatch.State.of(resource))) {
      requeueDependents(resource);
    }
    return control;
  }

  /** Reconciles every Kustomization whose {@code dependsOn} names {@code dependency}, at once. */
  private void requeueDependents(Kustomization dependency) {
    IndexerResourceCache<Kustomization> cache = primaryCache;
    if (cache == null) {
      return;
    }
    for (Kustomization dependent :
        cache.byIndex(DEPENDS_ON_INDEX, DependencyWatch.key(dependency))) {
      LOG.debug(
          "Kustomization {} is ready: reconciling its dependent {}/{}",
          DependencyWatch.key(dependency),
          dependent.getMetadata().getNamespace(),
          dependent.getMetadata().getName());
      dependents.propagateEvent(ResourceID.fromResource(dependent));
    }
  }

  @Override
  public List<EventSource<?, Kustomization>> prepareEventSources(
      EventSourceContext<Kustomization> context) {
    context.getPrimaryCache().addIndexer(SOURCE_INDEX, SourceRevisionWatch::keys);
    context.getPrimaryCache().addIndexer(DEPENDS_ON_INDEX, DependencyWatch::keys);
    primaryCache = context.getPrimaryCache();
    ApiResources served = new ApiResources(client);
    List<String> kinds =
        SourceRevisionWatch.watchedKinds(
            kind -> served.find(SourceRevisionWatch.SOURCE_API_VERSION, kind).isPresent());
    LOG.info("Kustomizations follow artifact revisions of {}", kinds);
    List<EventSource<?, Kustomization>> sources = new ArrayList<>();
    sources.add(dependents);
    for (String kind : kinds) {
      var builder =
          InformerEventSourceConfiguration.from(
                  new GroupVersionKind(SourceArtifact.SOURCE_GROUP, "v1", kind),
                  Kustomization.class)
              .withName("source-" + kind.toLowerCase(Locale.ROOT))
              // The mapper and filter read the key and status; managedFields are never needed.
              .withItemStore(LeanItemStore.<GenericKubernetesResource>withoutManagedFields())
              // Only a new revision counts: a source's creation (and the initial listing) and
              // deletion leave the Kustomizations to their own schedule.
              .withOnAddFilter(added -> false)
              .withOnDeleteFilter((deleted, unknownState) -> false)
              .withOnUpdateFilter(
                  (GenericKubernetesResource after, GenericKubernetesResource before) ->
                      SourceRevisionWatch.revisionChanged(before, after))
              .withSecondaryToPrimaryMapper(
                  (GenericKubernetesResource source) ->
                      context
                          .getPrimaryCache()
                          .byIndex(SOURCE_INDEX, SourceRevisionWatch.key(source))
                          .stream()
                          .map(ResourceID::fromResource)
                          .collect(Collectors.toSet()));
      if (namespaces.isEmpty()) {
        builder.withWatchAllNamespaces();
      } else {
        builder.withNamespaces(namespaces);
      }
      sources.add(new InformerEventSource<>(builder.build(), context));
    }
    return sources;
  }
}

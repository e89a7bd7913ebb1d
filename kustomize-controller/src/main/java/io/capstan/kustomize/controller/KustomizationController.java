package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.kustomize.controller.source.KustomizationInputs;
import io.capstan.kustomize.controller.source.LateSourceKindWatch;
import io.capstan.kustomize.controller.source.SourceArtifact;
import io.capstan.kustomize.controller.source.SourceRevisionWatch;
import io.capstan.runtime.controller.FluxReconciler;
import io.capstan.runtime.controller.LeanItemStore;
import io.capstan.runtime.dependencies.DependentsTrigger;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
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
 * unstructured) maps a source's creation, deletion or artifact revision change to the
 * Kustomizations of that key (Flux's {@code SourceRevisionChangePredicate}). A kind without its CRD
 * is not watched at start, so the controller runs on clusters that lack, say, OCIRepository; a
 * {@link LateSourceKindWatch} polls discovery and watches it once its CRD is installed.
 */
public final class KustomizationController implements Reconciler<Kustomization> {

  static final String SOURCE_INDEX = "capstan.io/kustomization-source";

  static final String DEPENDS_ON_INDEX = "capstan.io/kustomization-depends-on";

  private static final Logger LOG = LoggerFactory.getLogger(KustomizationController.class);

  private final FluxReconciler<Kustomization> delegate;
  private final KubernetesClient client;
  private final Set<String> namespaces;
  // Flux's KustomizationReadyChangePredicate: Ready now, and not before or another revision.
  private final DependentsTrigger<Kustomization> dependents =
      new DependentsTrigger<>(
          DEPENDS_ON_INDEX,
          k -> k.getSpec() == null ? null : k.getSpec().getDependsOn(),
          k -> k.getStatus() == null ? null : k.getStatus().getLastAppliedRevision());
  private final Duration sourceKindDiscovery;
  private final KustomizationInputs inputs;

  /** Default interval at which discovery is asked for source kinds not served at start. */
  static final Duration SOURCE_KIND_DISCOVERY = Duration.ofSeconds(30);

  /**
   * Wraps {@code delegate}; {@code client} discovers the served source kinds; {@code namespaces}
   * (empty: all) limits the source watch as it limits the Kustomization watch.
   */
  public KustomizationController(
      FluxReconciler<Kustomization> delegate, KubernetesClient client, Set<String> namespaces) {
    this(delegate, client, namespaces, SOURCE_KIND_DISCOVERY, new KustomizationInputs());
  }

  /**
   * As {@link #KustomizationController(FluxReconciler, KubernetesClient, Set)}; source kinds not
   * served at start are looked up every {@code sourceKindDiscovery} and watched once served; the
   * source watch's caches are handed to {@code inputs}, which {@code delegate} was built with
   * ({@code skipUnchanged}).
   */
  public KustomizationController(
      FluxReconciler<Kustomization> delegate,
      KubernetesClient client,
      Set<String> namespaces,
      Duration sourceKindDiscovery,
      KustomizationInputs inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.client = Objects.requireNonNull(client, "client");
    this.namespaces = Set.copyOf(namespaces);
    this.sourceKindDiscovery = Objects.requireNonNull(sourceKindDiscovery, "sourceKindDiscovery");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public UpdateControl<Kustomization> reconcile(
      Kustomization resource, Context<Kustomization> context) throws Exception {
    DependentsTrigger.State before = dependents.state(resource);
    UpdateControl<Kustomization> control = delegate.reconcile(resource, context);
    int triggered = dependents.afterReconcile(before, resource);
    if (triggered > 0) {
      LOG.debug(
          "Kustomization {} is ready: reconciling {} dependent(s)",
          DependentsTrigger.key(resource),
          triggered);
    }
    return control;
  }

  @Override
  public List<EventSource<?, Kustomization>> prepareEventSources(
      EventSourceContext<Kustomization> context) {
    context.getPrimaryCache().addIndexer(SOURCE_INDEX, SourceRevisionWatch::keys);
    ApiResources served = new ApiResources(client);
    List<String> kinds =
        SourceRevisionWatch.watchedKinds(
            kind -> served.find(SourceRevisionWatch.SOURCE_API_VERSION, kind).isPresent());
    LOG.info("Kustomizations follow artifact revisions of {}", kinds);
    Function<GenericKubernetesResource, Set<ResourceID>> referrers =
        source ->
            context
                .getPrimaryCache()
                .byIndex(SOURCE_INDEX, SourceRevisionWatch.key(source))
                .stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    List<EventSource<?, Kustomization>> sources = new ArrayList<>();
    sources.add(dependents.register(context));
    Set<String> missing = new LinkedHashSet<>(SourceRevisionWatch.SOURCE_KINDS);
    kinds.forEach(missing::remove);
    if (!missing.isEmpty()) {
      LOG.info("source kinds {} are not served yet: watched once their CRDs are", missing);
      sources.add(
          new LateSourceKindWatch(client, missing, namespaces, referrers, sourceKindDiscovery));
    }
    for (String kind : kinds) {
      var builder =
          InformerEventSourceConfiguration.from(
                  new GroupVersionKind(SourceArtifact.SOURCE_GROUP, "v1", kind),
                  Kustomization.class)
              .withName("source-" + kind.toLowerCase(Locale.ROOT))
              // The mapper and filter read the key and status; managedFields are never needed.
              .withItemStore(LeanItemStore.<GenericKubernetesResource>withoutManagedFields())
              // Flux's SourceRevisionChangePredicate: a source's creation and deletion
              // reconcile its Kustomizations, an update only when the artifact revision changes.
              .withOnUpdateFilter(
                  (GenericKubernetesResource after, GenericKubernetesResource before) ->
                      SourceRevisionWatch.revisionChanged(before, after))
              .withSecondaryToPrimaryMapper(referrers::apply);
      if (namespaces.isEmpty()) {
        builder.withWatchAllNamespaces();
      } else {
        builder.withNamespaces(namespaces);
      }
      InformerEventSource<GenericKubernetesResource, Kustomization> informer =
          new InformerEventSource<>(builder.build(), context);
      inputs.follow(kind, informer);
      sources.add(informer);
    }
    return sources;
  }
}

package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.helm.controller.lifecycle.Snapshots;
import io.capstan.helm.controller.watch.ChartSourceWatch;
import io.capstan.helm.controller.watch.HelmReleaseInputs;
import io.capstan.runtime.controller.FluxReconciler;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java Operator SDK reconciler for HelmRelease: the runtime's {@link FluxReconciler} plus a
 * watch on the chart sources, so a HelmRelease is reconciled as soon as its HelmChart (or
 * OCIRepository, ExternalArtifact) publishes a new artifact instead of at its next {@code
 * spec.interval}, as Flux does. Kinds whose CRD the API server does not serve are not watched.
 *
 * <p>The HelmReleases that {@code dependsOn} one are reconciled at once when it becomes {@code
 * Ready=True}, or makes a new release while ready (toolkit-runtime's {@link DependentsTrigger}, as
 * for Kustomizations), instead of after {@code --requeue-dependency}.
 */
public final class HelmReleaseController implements Reconciler<HelmRelease> {

  static final String SOURCE_INDEX = "capstan.io/helmrelease-source";

  static final String DEPENDS_ON_INDEX = "capstan.io/helmrelease-depends-on";

  private static final Logger LOG = LoggerFactory.getLogger(HelmReleaseController.class);

  private final FluxReconciler<HelmRelease> delegate;
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final DependentsTrigger<HelmRelease> dependents =
      new DependentsTrigger<>(
          DEPENDS_ON_INDEX,
          hr -> hr.getSpec() == null ? null : hr.getSpec().getDependsOn(),
          HelmReleaseController::releaseRevision);

  private final HelmReleaseInputs inputs;

  /**
   * Wraps {@code delegate}; {@code namespaces} (empty: all) limits the source watch; the watch's
   * caches are handed to {@code inputs}, which {@code delegate} was built with ({@code
   * skipUnchanged}).
   */
  public HelmReleaseController(
      FluxReconciler<HelmRelease> delegate,
      KubernetesClient client,
      Set<String> namespaces,
      HelmReleaseInputs inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.client = Objects.requireNonNull(client, "client");
    this.namespaces = Set.copyOf(namespaces);
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public UpdateControl<HelmRelease> reconcile(HelmRelease resource, Context<HelmRelease> context)
      throws Exception {
    DependentsTrigger.State before = dependents.state(resource);
    UpdateControl<HelmRelease> control = delegate.reconcile(resource, context);
    int triggered = dependents.afterReconcile(before, resource);
    if (triggered > 0) {
      LOG.debug(
          "HelmRelease {} is ready: reconciling {} dependent(s)",
          DependentsTrigger.key(resource),
          triggered);
    }
    return control;
  }

  /**
   * How many reconciles the runtime dropped as redundant ({@link HelmReleaseInputs},
   * toolkit-runtime's {@code ReconcileMemo}).
   */
  long skippedReconciles() {
    return delegate.skippedReconciles();
  }

  /**
   * What makes dependents reconcile again while this HelmRelease stays ready: the release it made
   * last ({@code <version>/<digest>} of the latest history snapshot).
   */
  static String releaseRevision(HelmRelease hr) {
    if (hr.getStatus() == null || hr.getStatus().getHistory() == null) {
      return null;
    }
    HelmReleaseSnapshot latest = Snapshots.latest(hr.getStatus().getHistory());
    return latest == null ? null : latest.getVersion() + "/" + latest.getDigest();
  }

  @Override
  public List<EventSource<?, HelmRelease>> prepareEventSources(
      EventSourceContext<HelmRelease> context) {
    context.getPrimaryCache().addIndexer(SOURCE_INDEX, ChartSourceWatch::keys);
    ApiResources served = new ApiResources(client);
    List<EventSource<?, HelmRelease>> sources = new ArrayList<>();
    sources.add(dependents.register(context));
    List<String> kinds =
        ChartSourceWatch.SOURCE_KINDS.stream()
            .filter(kind -> served.find("source.toolkit.fluxcd.io/v1", kind).isPresent())
            .toList();
    LOG.info("HelmReleases follow the artifacts of {}", kinds);
    for (String kind : kinds) {
      var builder =
          InformerEventSourceConfiguration.from(
                  new GroupVersionKind("source.toolkit.fluxcd.io", "v1", kind), HelmRelease.class)
              .withName("chart-source-" + kind.toLowerCase(Locale.ROOT))
              .withOnAddFilter(added -> false)
              .withOnDeleteFilter((deleted, unknownState) -> false)
              .withOnUpdateFilter(
                  (GenericKubernetesResource after, GenericKubernetesResource before) ->
                      ChartSourceWatch.artifactChanged(before, after))
              .withSecondaryToPrimaryMapper(
                  (GenericKubernetesResource source) ->
                      context
                          .getPrimaryCache()
                          .byIndex(SOURCE_INDEX, ChartSourceWatch.key(source))
                          .stream()
                          .map(ResourceID::fromResource)
                          .collect(Collectors.toSet()));
      if (namespaces.isEmpty()) {
        builder.withWatchAllNamespaces();
      } else {
        builder.withNamespaces(namespaces);
      }
      InformerEventSource<GenericKubernetesResource, HelmRelease> informer =
          new InformerEventSource<>(builder.build(), context);
      inputs.follow(kind, informer);
      sources.add(informer);
    }
    return sources;
  }
}

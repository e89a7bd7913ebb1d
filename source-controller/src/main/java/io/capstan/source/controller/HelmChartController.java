package io.capstan.source.controller;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.ArtifactSourceStatus;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.runtime.controller.FluxReconciler;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Java Operator SDK reconciler for HelmChart: the runtime's {@link FluxReconciler} plus watches
 * on GitRepositories, Buckets and HelmRepositories that re-reconcile the HelmCharts whose {@code
 * spec.sourceRef} names a source whose artifact revision changed (Flux indexes HelmCharts by {@code
 * <kind>/<name>} and enqueues those whose {@code observedSourceArtifactRevision} differs).
 */
public final class HelmChartController implements Reconciler<HelmChart> {

  static final String SOURCE_INDEX = "capstan.io/helmchart-source";

  private final FluxReconciler<HelmChart> delegate;
  private final Set<String> namespaces;
  private final HelmChartInputs inputs;

  /** Wraps {@code delegate}; {@code namespaces} (empty: all) limits the source watches. */
  public HelmChartController(FluxReconciler<HelmChart> delegate, Set<String> namespaces) {
    this(delegate, namespaces, new HelmChartInputs());
  }

  /**
   * As above; {@code inputs} (the delegate's {@code skipUnchanged} inputs) reads the charts'
   * sources from the source watches' caches.
   */
  public HelmChartController(
      FluxReconciler<HelmChart> delegate, Set<String> namespaces, HelmChartInputs inputs) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.namespaces = Set.copyOf(namespaces);
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public UpdateControl<HelmChart> reconcile(HelmChart resource, Context<HelmChart> context)
      throws Exception {
    return delegate.reconcile(resource, context);
  }

  @Override
  public List<EventSource<?, HelmChart>> prepareEventSources(
      EventSourceContext<HelmChart> context) {
    context.getPrimaryCache().addIndexer(SOURCE_INDEX, chart -> List.of(sourceKey(chart)));
    return List.of(
        watch(context, GitRepository.class, GitRepository.KIND, r -> artifact(r.getStatus())),
        watch(context, Bucket.class, Bucket.KIND, r -> artifact(r.getStatus())),
        watch(context, HelmRepository.class, HelmRepository.KIND, r -> artifact(r.getStatus())));
  }

  private <S extends CustomResource<?, ?>> EventSource<?, HelmChart> watch(
      EventSourceContext<HelmChart> context,
      Class<S> type,
      String kind,
      Function<S, Artifact> artifactOf) {
    ItemStore<S> store =
        new ReducedStateItemStore<>(
            ReducedStateItemStore.NAME_KEY_STATE,
            type,
            context.getClient().getKubernetesSerialization(),
            "status.artifact");
    var builder =
        InformerEventSourceConfiguration.from(type, HelmChart.class)
            .withName("helmchart-" + kind.toLowerCase(java.util.Locale.ROOT) + "s")
            .withItemStore(store)
            .withOnUpdateFilter(
                (S before, S after) ->
                    !Objects.equals(
                        revision(artifactOf.apply(before)), revision(artifactOf.apply(after))))
            .withSecondaryToPrimaryMapper(
                (S source) -> {
                  Artifact a = artifactOf.apply(source);
                  if (a == null) {
                    return Set.of();
                  }
                  String key =
                      source.getMetadata().getNamespace()
                          + "/"
                          + kind
                          + "/"
                          + source.getMetadata().getName();
                  return context.getPrimaryCache().byIndex(SOURCE_INDEX, key).stream()
                      .filter(
                          c ->
                              c.getStatus() == null
                                  || !a.getRevision()
                                      .equals(c.getStatus().getObservedSourceArtifactRevision()))
                      .map(ResourceID::fromResource)
                      .collect(Collectors.toSet());
                });
    if (namespaces.isEmpty()) {
      builder.withWatchAllNamespaces();
    } else {
      builder.withNamespaces(namespaces);
    }
    InformerEventSource<S, HelmChart> informer =
        new InformerEventSource<>(builder.build(), context);
    inputs
        .sources()
        .follow(kind, id -> informer.get(id).map(s -> Optional.ofNullable(artifactOf.apply(s))));
    return informer;
  }

  /** The index key of a chart: {@code <namespace>/<kind>/<name>} of its source. */
  static String sourceKey(HelmChart chart) {
    if (chart.getSpec() == null || chart.getSpec().getSourceRef() == null) {
      return "";
    }
    return chart.getMetadata().getNamespace()
        + "/"
        + chart.getSpec().getSourceRef().getKind()
        + "/"
        + chart.getSpec().getSourceRef().getName();
  }

  private static Artifact artifact(Object status) {
    return status instanceof ArtifactSourceStatus s ? s.getArtifact() : null;
  }

  private static String revision(Artifact a) {
    return a == null ? null : a.getRevision();
  }
}

package io.capstan.helm.controller;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.api.meta.Annotations;
import io.capstan.helm.controller.lifecycle.Snapshots;
import io.capstan.helm.controller.watch.ChartSourceWatch;
import io.capstan.helm.controller.watch.ReconcileMemo;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

  private final ReconcileMemo memo = new ReconcileMemo();
  private final AtomicLong skipped = new AtomicLong();
  private final Map<String, InformerEventSource<GenericKubernetesResource, HelmRelease>>
      sourceInformers = new ConcurrentHashMap<>();

  /** Wraps {@code delegate}; {@code namespaces} (empty: all) limits the source watch. */
  public HelmReleaseController(
      FluxReconciler<HelmRelease> delegate, KubernetesClient client, Set<String> namespaces) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.client = Objects.requireNonNull(client, "client");
    this.namespaces = Set.copyOf(namespaces);
  }

  @Override
  public UpdateControl<HelmRelease> reconcile(HelmRelease resource, Context<HelmRelease> context)
      throws Exception {
    String key = DependentsTrigger.key(resource);
    ReconcileMemo.State state = memoState(resource, context);
    long now = System.nanoTime();
    if (state != null && memo.redundant(key, state, now)) {
      skipped.incrementAndGet();
      LOG.debug("HelmRelease {}: nothing changed since its last reconcile, skipped", key);
      return UpdateControl.<HelmRelease>noUpdate()
          .rescheduleAfter(Math.max(1, memo.remainingNanos(key, now) / 1_000_000));
    }
    DependentsTrigger.State before = dependents.state(resource);
    UpdateControl<HelmRelease> control;
    try {
      control = delegate.reconcile(resource, context);
    } catch (Exception | Error e) {
      memo.forget(key);
      throw e;
    }
    if (state == null) {
      memo.forget(key);
    } else {
      memo.succeeded(
          key,
          state,
          System.nanoTime(),
          control.getScheduleDelay().map(ms -> ms * 1_000_000).orElse(null));
    }
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
   * What the reconcile of {@code hr} depends on ({@link ReconcileMemo}), or null when it must run
   * anyway: a retry, a deletion, a HelmRelease with {@code dependsOn}.
   */
  private ReconcileMemo.State memoState(HelmRelease hr, Context<HelmRelease> context) {
    if (context.getRetryInfo().isPresent()
        || context.isPrimaryResourceDeleted()
        || hr.isMarkedForDeletion()
        || hr.getSpec() == null
        || (hr.getSpec().getDependsOn() != null && !hr.getSpec().getDependsOn().isEmpty())) {
      return null;
    }
    String artifact = null;
    for (String source : ChartSourceWatch.keys(hr)) {
      int first = source.indexOf('/');
      int second = source.indexOf('/', first + 1);
      InformerEventSource<GenericKubernetesResource, HelmRelease> informer =
          sourceInformers.get(source.substring(0, first));
      if (informer != null && second > 0) {
        artifact =
            informer
                .get(
                    new ResourceID(
                        source.substring(second + 1), source.substring(first + 1, second)))
                .map(ChartSourceWatch::artifactKey)
                .orElse(null);
      }
    }
    Map<String, String> annotations = hr.getMetadata().getAnnotations();
    return new ReconcileMemo.State(
        hr.getMetadata().getUid(),
        hr.getMetadata().getGeneration(),
        annotations == null ? null : annotations.get(Annotations.RECONCILE_REQUESTED_AT),
        artifact);
  }

  /** How many reconciles were skipped as redundant ({@link ReconcileMemo}). */
  long skippedReconciles() {
    return skipped.get();
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
      sourceInformers.put(kind, informer);
      sources.add(informer);
    }
    return sources;
  }
}

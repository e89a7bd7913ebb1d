package io.capstan.kustomize.controller.source;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.runtime.controller.LeanItemStore;
import io.capstan.runtime.health.ApiResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source watch for kinds whose CRD the API server did not serve when the controller started
 * (say, OCIRepository installed after kustomize-controller): discovery is polled every {@code poll}
 * until each kind is served, then the kind is watched like the others (creation, deletion and
 * revision changes reconcile the Kustomizations referring to the source), so a Kustomization whose
 * source kind is installed later reconciles as soon as its source appears, without a restart. An
 * event source of the Kustomization controller: started and stopped with it.
 */
public final class LateSourceKindWatch extends SimpleInboundEventSource<Kustomization> {

  private static final Logger LOG = LoggerFactory.getLogger(LateSourceKindWatch.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Set<String> missing;
  private final Function<GenericKubernetesResource, Set<ResourceID>> kustomizations;
  private final Duration poll;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private ScheduledExecutorService scheduler;

  /**
   * @param missing the source kinds not served at start
   * @param namespaces the watched namespaces (empty: all)
   * @param kustomizations the Kustomizations referring to a source
   * @param poll how often discovery is asked while a kind is missing
   */
  public LateSourceKindWatch(
      KubernetesClient client,
      Set<String> missing,
      Set<String> namespaces,
      Function<GenericKubernetesResource, Set<ResourceID>> kustomizations,
      Duration poll) {
    super("late-source-kinds");
    this.client = Objects.requireNonNull(client, "client");
    this.missing = new LinkedHashSet<>(missing);
    this.namespaces = Set.copyOf(namespaces);
    this.kustomizations = Objects.requireNonNull(kustomizations, "kustomizations");
    this.poll = Objects.requireNonNull(poll, "poll");
  }

  @Override
  public synchronized void start() {
    super.start();
    if (missing.isEmpty()) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kustomization-source-kind-discovery");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::discover, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    super.stop();
  }

  /** The kinds still waiting for their CRD. */
  public synchronized Set<String> missing() {
    return Set.copyOf(missing);
  }

  private synchronized void discover() {
    if (scheduler == null || missing.isEmpty()) {
      return;
    }
    try {
      ApiResources served = new ApiResources(client);
      for (String kind : List.copyOf(missing)) {
        var context = served.find(SourceRevisionWatch.SOURCE_API_VERSION, kind);
        if (context.isEmpty()) {
          continue;
        }
        var resources = client.genericKubernetesResources(context.get());
        if (namespaces.isEmpty()) {
          informers.add(inform(resources.inAnyNamespace().runnableInformer(0)));
        } else {
          for (String namespace : namespaces) {
            informers.add(inform(resources.inNamespace(namespace).runnableInformer(0)));
          }
        }
        missing.remove(kind);
        LOG.info(
            "source kind {} is now served: Kustomizations follow its artifact revisions",
            kind.toLowerCase(Locale.ROOT));
      }
      if (missing.isEmpty()) {
        scheduler.shutdown();
      }
    } catch (RuntimeException e) {
      LOG.debug("source kind discovery failed, retrying in {}: {}", poll, e.getMessage());
    }
  }

  /** Starts {@code informer} on a cache without managedFields (as the other source watches). */
  private SharedIndexInformer<GenericKubernetesResource> inform(
      SharedIndexInformer<GenericKubernetesResource> informer) {
    informer.itemStore(LeanItemStore.withoutManagedFields());
    informer.addEventHandler(handler());
    return informer.run();
  }

  private ResourceEventHandler<GenericKubernetesResource> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource source) {
        reconcile(source);
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        if (SourceRevisionWatch.revisionChanged(before, after)) {
          reconcile(after);
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource source, boolean unknownState) {
        reconcile(source);
      }
    };
  }

  private void reconcile(GenericKubernetesResource source) {
    if (!isRunning()) {
      return;
    }
    kustomizations.apply(source).forEach(this::propagateEvent);
  }
}

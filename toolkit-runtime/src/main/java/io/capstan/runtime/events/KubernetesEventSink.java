package io.capstan.runtime.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events as core/v1 Kubernetes Events in the object's namespace, as client-go's recorder
 * does for Flux: name {@code <object>.<hex nanos>}, {@code source.component} and {@code
 * reportingComponent} set to the controller, metadata as annotations. Events pass an {@link
 * EventCorrelator} first, so a repeated event increments {@code count} and {@code lastTimestamp} of
 * the Event already written, similar events are aggregated and a source's writes about one object
 * are rate-limited, all as client-go does. Messages are cut to 1024 characters. When a new event's
 * name is taken (two events of one object at the same instant), it is written under a name the API
 * server completes ({@code generateName}), so no event is lost; when the Event to update is gone
 * (expired), it is created again.
 */
public final class KubernetesEventSink implements EventSink {

  /** Longest message written; the API server rejects very long event messages. */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);

  private final KubernetesClient client;
  private final String instance;
  private final EventCorrelator correlator;

  /** Writes through {@code client}; {@code instance} identifies this replica (e.g. pod name). */
  public KubernetesEventSink(KubernetesClient client, String instance) {
    this(client, instance, new EventCorrelator());
  }

  /** As {@link #KubernetesEventSink(KubernetesClient, String)} with a given correlator. */
  public KubernetesEventSink(KubernetesClient client, String instance, EventCorrelator correlator) {
    this.client = Objects.requireNonNull(client, "client");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.correlator = Objects.requireNonNull(correlator, "correlator");
  }

  @Override
  public void accept(FluxEvent event) {
    EventCorrelator.Correlation decision =
        correlator.correlate(toKubernetesEvent(event, instance), event.timestamp());
    Event k8s = decision.event();
    var events = client.v1().events().inNamespace(k8s.getMetadata().getNamespace());
    switch (decision.action()) {
      case SKIP -> {
        LOG.debug(
            "event {} for {} not written: over the per-object event budget",
            k8s.getReason(),
            k8s.getInvolvedObject().getName());
        return;
      }
      case UPDATE -> {
        Event patched = update(events, k8s);
        if (patched != null) {
          correlator.observed(decision.key(), patched);
          return;
        }
      }
      case CREATE -> {
        // created below
      }
    }
    correlator.observed(decision.key(), create(events, k8s));
  }

  /** Patches count, lastTimestamp and message of the existing Event; null when it is gone. */
  private Event update(NonNamespaceOperation<Event, EventList, Resource<Event>> events, Event k8s) {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("count", k8s.getCount());
    patch.put("lastTimestamp", k8s.getLastTimestamp());
    patch.put("message", k8s.getMessage());
    try {
      return events
          .withName(k8s.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      return null;
    }
  }

  private static Event create(
      NonNamespaceOperation<Event, EventList, Resource<Event>> events, Event k8s) {
    k8s.getMetadata().setResourceVersion(null);
    try {
      return events.resource(k8s).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      k8s.getMetadata().setGenerateName(k8s.getMetadata().getName() + ".");
      k8s.getMetadata().setName(null);
      return events.resource(k8s).create();
    }
  }

  /** The core/v1 Event written for {@code event} (pure; exposed for tests). */
  public static Event toKubernetesEvent(FluxEvent event, String instance) {
    ObjectReference ref = event.involvedObject();
    String namespace = ref.getNamespace() == null ? "default" : ref.getNamespace();
    long nanos = ChronoUnit.NANOS.between(Instant.EPOCH, event.timestamp());
    String time =
        DateTimeFormatter.ISO_INSTANT.format(event.timestamp().truncatedTo(ChronoUnit.SECONDS));
    String message = event.message();
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
    return new EventBuilder()
        .withNewMetadata()
        .withName(ref.getName() + "." + Long.toHexString(nanos))
        .withNamespace(namespace)
        .withAnnotations(event.metadata().isEmpty() ? null : event.metadata())
        .endMetadata()
        .withInvolvedObject(ref)
        .withType(event.type().kubernetesType())
        .withReason(event.reason())
        .withMessage(message)
        .withNewSource()
        .withComponent(event.reportingController())
        .endSource()
        .withReportingComponent(event.reportingController())
        .withReportingInstance(instance)
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .build();
  }
}

package io.capstan.runtime.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Writes events as core/v1 Kubernetes Events in the object's namespace, as client-go's recorder
 * does for Flux: name {@code <object>.<hex nanos>}, {@code source.component} and {@code
 * reportingComponent} set to the controller, metadata as annotations, count 1 (repeats are
 * rate-limited before they get here). Messages are cut to 1024 characters. When that name is taken
 * (two events of one object at the same instant, e.g. under a coarse or fixed clock), the event is
 * written under a name the API server completes ({@code generateName}), so no event is lost.
 */
public final class KubernetesEventSink implements EventSink {

  /** Longest message written; the API server rejects very long event messages. */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private final KubernetesClient client;
  private final String instance;

  /** Writes through {@code client}; {@code instance} identifies this replica (e.g. pod name). */
  public KubernetesEventSink(KubernetesClient client, String instance) {
    this.client = Objects.requireNonNull(client, "client");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  @Override
  public void accept(FluxEvent event) {
    Event k8s = toKubernetesEvent(event, instance);
    var events = client.v1().events().inNamespace(k8s.getMetadata().getNamespace());
    try {
      events.resource(k8s).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      k8s.getMetadata().setGenerateName(k8s.getMetadata().getName() + ".");
      k8s.getMetadata().setName(null);
      events.resource(k8s).create();
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

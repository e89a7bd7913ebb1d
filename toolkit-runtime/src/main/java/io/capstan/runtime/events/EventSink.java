package io.capstan.runtime.events;

/**
 * Where recorded events go: Kubernetes Events ({@link KubernetesEventSink}), and later the
 * notification-controller's event intake. A sink decides itself which types it keeps (e.g. a
 * notification forwarder drops {@link EventType#TRACE}). Sinks may throw; the recorder logs and
 * carries on, since events are best effort.
 */
@FunctionalInterface
public interface EventSink {

  /** Delivers one event. */
  void accept(FluxEvent event);
}

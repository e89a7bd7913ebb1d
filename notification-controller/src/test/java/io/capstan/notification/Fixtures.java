package io.capstan.notification;

import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.notification.v1.CrossNamespaceObjectReference;
import io.capstan.api.notification.v1.ResourceKind;
import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.api.notification.v1beta3.AlertSpec;
import io.capstan.api.notification.v1beta3.EventSeverity;
import io.capstan.notification.event.NotificationEvent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Events, Alerts and controller options for tests. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * A test controller's options: {@code namespace} only, the event intake and the webhook receiver
   * on ephemeral loopback ports.
   */
  public static NotificationControllerOptions loopbackOptions(String namespace) {
    return NotificationControllerOptions.builder()
        .watchNamespaces(Set.of(namespace))
        .eventsAddress("127.0.0.1:0")
        .receiverAddress("127.0.0.1:0")
        .build();
  }

  public static NotificationEvent event(
      String kind, String namespace, String name, String severity, String message) {
    return event(kind, namespace, name, severity, message, Map.of());
  }

  public static NotificationEvent event(
      String kind,
      String namespace,
      String name,
      String severity,
      String message,
      Map<String, String> metadata) {
    String apiVersion =
        switch (kind) {
          case "Kustomization" -> "kustomize.toolkit.fluxcd.io/v1";
          case "HelmRelease" -> "helm.toolkit.fluxcd.io/v2";
          default -> "source.toolkit.fluxcd.io/v1";
        };
    return new NotificationEvent(
        new NotificationEvent.InvolvedObject(apiVersion, kind, namespace, name, "uid-" + name, "1"),
        severity,
        "2026-01-02T03:04:05Z",
        message,
        "ReconciliationSucceeded",
        metadata,
        "kustomize-controller",
        "kustomize-controller-7d9f");
  }

  public static CrossNamespaceObjectReference source(String kind, String name, String namespace) {
    CrossNamespaceObjectReference ref = new CrossNamespaceObjectReference();
    ref.setKind(ResourceKind.valueOf(kind));
    ref.setName(name);
    ref.setNamespace(namespace);
    return ref;
  }

  public static Alert alert(
      String namespace,
      String name,
      String provider,
      EventSeverity severity,
      CrossNamespaceObjectReference... sources) {
    Alert alert = new Alert();
    alert.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    AlertSpec spec = new AlertSpec();
    LocalObjectReference ref = new LocalObjectReference();
    ref.setName(provider);
    spec.setProviderRef(ref);
    spec.setEventSeverity(severity);
    spec.setEventSources(List.of(sources));
    alert.setSpec(spec);
    return alert;
  }
}

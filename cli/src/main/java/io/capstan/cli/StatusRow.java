package io.capstan.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the {@code run --local} status table: an object and what a user reads from its
 * status. Built from what the API server returned (or {@code null} when the object does not exist
 * yet), without API calls of its own.
 *
 * @param object {@code Kind/namespace/name}
 * @param ready the Ready condition's status, or {@code ready/desired} replicas for a Deployment
 * @param reason the Ready condition's reason (a Deployment's {@code Available} reason)
 * @param revision the artifact revision (sources) or last applied revision (Kustomization)
 * @param message the condition message
 */
public record StatusRow(
    String object, String ready, String reason, String revision, String message) {

  /** Placeholder for an empty cell. */
  static final String NONE = "-";

  /** Normalizes nulls and blanks to {@value #NONE} and line breaks to spaces. */
  public StatusRow {
    Objects.requireNonNull(object, "object");
    ready = cell(ready);
    reason = cell(reason);
    revision = cell(revision);
    message = cell(message);
  }

  private static String cell(String value) {
    return value == null || value.isBlank() ? NONE : value.replaceAll("\\s+", " ").trim();
  }

  /**
   * The row of a Flux object read untyped: its {@code Ready} condition and revision ({@code
   * status.artifact.revision} for sources, {@code status.lastAppliedRevision} or else {@code
   * lastAttemptedRevision} for a Kustomization).
   */
  public static StatusRow ofFluxObject(
      String kind, String namespace, String name, GenericKubernetesResource resource) {
    String object = kind + "/" + namespace + "/" + name;
    if (resource == null) {
      return new StatusRow(object, NONE, "NotFound", NONE, "not created yet");
    }
    Map<String, Object> status = map(resource.getAdditionalProperties().get("status"));
    Map<String, Object> ready = readyCondition(status.get("conditions"));
    String revision = text(map(status.get("artifact")).get("revision"));
    if (revision == null) {
      revision = text(status.get("lastAppliedRevision"));
    }
    if (revision == null) {
      revision = text(status.get("lastAttemptedRevision"));
    }
    if (revision == null) { // ImagePolicy: the selected tag
      revision = text(map(status.get("latestRef")).get("tag"));
    }
    if (revision == null) { // ImageUpdateAutomation: what it last pushed
      revision = text(status.get("lastPushCommit"));
    }
    if (ready == null) {
      return new StatusRow(object, "Unknown", NONE, revision, "waiting for the controller");
    }
    return new StatusRow(
        object,
        text(ready.get("status")),
        text(ready.get("reason")),
        revision,
        text(ready.get("message")));
  }

  /**
   * The row of a notification object read untyped. A Receiver ({@code v1}) has a Ready condition
   * like any Flux object, and its {@code status.webhookPath} in the revision column. Providers and
   * Alerts ({@code v1beta3}) have no status in Flux: their row says so, {@code Suspended} when
   * {@code spec.suspend} is true, and carries {@code note} (or, for an Alert, its Provider and
   * event sources) as the message.
   */
  public static StatusRow ofNotificationObject(
      String kind, String namespace, String name, GenericKubernetesResource resource, String note) {
    if (resource == null || "Receiver".equals(kind)) {
      StatusRow row = ofFluxObject(kind, namespace, name, resource);
      if (resource == null) {
        return row;
      }
      String path = text(map(resource.getAdditionalProperties().get("status")).get("webhookPath"));
      return new StatusRow(row.object(), row.ready(), row.reason(), path, row.message());
    }
    Map<String, Object> spec = map(resource.getAdditionalProperties().get("spec"));
    String reason = Boolean.TRUE.equals(spec.get("suspend")) ? "Suspended" : NONE;
    String message = note;
    if (message == null && "Alert".equals(kind)) {
      StringBuilder sources = new StringBuilder();
      if (spec.get("eventSources") instanceof List<?> list) {
        for (Object item : list) {
          Map<String, Object> source = map(item);
          sources.append(sources.length() == 0 ? "" : ", ");
          sources.append(text(source.get("kind"))).append('/').append(text(source.get("name")));
        }
      }
      message =
          "provider "
              + text(map(spec.get("providerRef")).get("name"))
              + ", "
              + text(spec.getOrDefault("eventSeverity", "info"))
              + " events of "
              + sources;
    }
    return new StatusRow(kind + "/" + namespace + "/" + name, NONE, reason, NONE, message);
  }

  /** The row of a Deployment: ready/desired replicas and its {@code Available} condition. */
  public static StatusRow ofDeployment(String namespace, String name, Deployment deployment) {
    String object = "Deployment/" + namespace + "/" + name;
    if (deployment == null) {
      return new StatusRow(object, NONE, "NotFound", NONE, "not created yet");
    }
    int desired =
        deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
            ? 1
            : deployment.getSpec().getReplicas();
    var status = deployment.getStatus();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    List<DeploymentCondition> conditions =
        status == null || status.getConditions() == null ? List.of() : status.getConditions();
    DeploymentCondition available =
        conditions.stream().filter(c -> "Available".equals(c.getType())).findFirst().orElse(null);
    return new StatusRow(
        object,
        ready + "/" + desired,
        available == null ? NONE : available.getReason(),
        NONE,
        available == null ? "no rollout status yet" : available.getMessage());
  }

  private static Map<String, Object> readyCondition(Object conditions) {
    if (conditions instanceof List<?> list) {
      for (Object item : list) {
        Map<String, Object> condition = map(item);
        if ("Ready".equals(condition.get("type"))) {
          return condition;
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}

package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.common.ResourceInventory;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import java.util.List;

/** The observed state of a Kustomization, written only by the controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class KustomizationStatus extends ExtensibleObject implements FluxStatus {

  @JsonPropertyDescription(
      "ObservedGeneration is the last metadata.generation the controller reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions are the latest observations of the Kustomization's state (Ready, "
          + "Reconciling, Stalled, Healthy).")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "LastHandledReconcileAt is the value of the reconcile.fluxcd.io/requestedAt "
          + "annotation last handled, so a new request can be detected.")
  private String lastHandledReconcileAt;

  @JsonPropertyDescription(
      "LastAppliedRevision is the revision of the source artifact last applied successfully.")
  private String lastAppliedRevision;

  @JsonPropertyDescription(
      "LastAppliedOriginRevision is the origin revision of the artifact last applied "
          + "successfully, as recorded in the artifact's metadata (for OCI, the "
          + "'org.opencontainers.image.revision' annotation).")
  private String lastAppliedOriginRevision;

  @JsonPropertyDescription(
      "LastAttemptedRevision is the source revision of the last reconciliation attempt.")
  private String lastAttemptedRevision;

  @JsonPropertyDescription("Inventory lists the Kubernetes objects applied successfully.")
  private ResourceInventory inventory;

  @JsonPropertyDescription(
      "History records the most recent reconciliation attempts: the digest of the "
          + "applied objects, the outcome and the timing of each.")
  private List<HistorySnapshot> history;

  @Override
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  @Override
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  @Override
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  public String getLastAppliedRevision() {
    return lastAppliedRevision;
  }

  public void setLastAppliedRevision(String lastAppliedRevision) {
    this.lastAppliedRevision = lastAppliedRevision;
  }

  public String getLastAppliedOriginRevision() {
    return lastAppliedOriginRevision;
  }

  public void setLastAppliedOriginRevision(String lastAppliedOriginRevision) {
    this.lastAppliedOriginRevision = lastAppliedOriginRevision;
  }

  public String getLastAttemptedRevision() {
    return lastAttemptedRevision;
  }

  public void setLastAttemptedRevision(String lastAttemptedRevision) {
    this.lastAttemptedRevision = lastAttemptedRevision;
  }

  public ResourceInventory getInventory() {
    return inventory;
  }

  public void setInventory(ResourceInventory inventory) {
    this.inventory = inventory;
  }

  public List<HistorySnapshot> getHistory() {
    return history;
  }

  public void setHistory(List<HistorySnapshot> history) {
    this.history = history;
  }
}

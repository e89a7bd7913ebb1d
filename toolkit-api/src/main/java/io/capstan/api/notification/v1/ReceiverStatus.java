package io.capstan.api.notification.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a Receiver, including the path its webhook is served at. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class ReceiverStatus extends ExtensibleObject implements FluxStatus {

  @JsonPropertyDescription("ObservedGeneration is the last observed generation of the Receiver.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the Receiver.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "WebhookPath is the generated incoming webhook address, of the form"
          + " '/hook/sha256sum(token+name+namespace)'.")
  private String webhookPath;

  @JsonPropertyDescription(
      "LastHandledReconcileAt holds the value of the most recent reconcile request value, so a"
          + " change of the annotation value can be detected.")
  private String lastHandledReconcileAt;

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
    this.conditions = conditions == null ? null : new ArrayList<>(conditions);
  }

  public String getWebhookPath() {
    return webhookPath;
  }

  public void setWebhookPath(String webhookPath) {
    this.webhookPath = webhookPath;
  }

  @Override
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }
}

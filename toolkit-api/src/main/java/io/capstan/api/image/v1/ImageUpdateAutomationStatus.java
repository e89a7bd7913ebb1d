package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The observed state of an ImageUpdateAutomation: its last run and last push. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"properties": {
          "lastAutomationRunTime": {"format": "date-time"},
          "lastPushTime": {"format": "date-time"}
        }}
        """)
public class ImageUpdateAutomationStatus extends ExtensibleObject implements FluxStatus {

  @JsonPropertyDescription("ObservedGeneration is the last reconciled generation.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the ImageUpdateAutomation.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "LastAutomationRunTime records the last time the controller ran this automation through to"
          + " completion, even if no updates were made (RFC 3339 date-time).")
  private String lastAutomationRunTime;

  @JsonPropertyDescription(
      "LastPushCommit records the SHA1 of the last commit made by the controller for this"
          + " automation object.")
  private String lastPushCommit;

  @JsonPropertyDescription(
      "LastPushTime records the time of the last pushed change (RFC 3339 date-time).")
  private String lastPushTime;

  @JsonPropertyDescription(
      "ObservedPolicies maps the name of each ImagePolicy considered by the last update run to"
          + " the image it selected.")
  private Map<String, ImageRef> observedPolicies;

  @JsonPropertyDescription(
      "ObservedSourceRevision is the last observed source revision; it tells whether the source"
          + " has been updated since the last run.")
  private String observedSourceRevision;

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

  public String getLastAutomationRunTime() {
    return lastAutomationRunTime;
  }

  public void setLastAutomationRunTime(String lastAutomationRunTime) {
    this.lastAutomationRunTime = lastAutomationRunTime;
  }

  public String getLastPushCommit() {
    return lastPushCommit;
  }

  public void setLastPushCommit(String lastPushCommit) {
    this.lastPushCommit = lastPushCommit;
  }

  public String getLastPushTime() {
    return lastPushTime;
  }

  public void setLastPushTime(String lastPushTime) {
    this.lastPushTime = lastPushTime;
  }

  public Map<String, ImageRef> getObservedPolicies() {
    return observedPolicies;
  }

  public void setObservedPolicies(Map<String, ImageRef> observedPolicies) {
    this.observedPolicies = observedPolicies == null ? null : new LinkedHashMap<>(observedPolicies);
  }

  public String getObservedSourceRevision() {
    return observedSourceRevision;
  }

  public void setObservedSourceRevision(String observedSourceRevision) {
    this.observedSourceRevision = observedSourceRevision;
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

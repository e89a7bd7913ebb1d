package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an {@link OCIRepository}: the last artifact and what produced it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class OCIRepositoryStatus extends ExtensibleObject
    implements FluxStatus, ArtifactSourceStatus {

  @JsonPropertyDescription("ObservedGeneration is the last observed generation.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the OCIRepository.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "URL is the download link for the artifact produced by the last OCI repository sync.")
  private String url;

  @JsonPropertyDescription("Artifact represents the output of the last successful OCI sync.")
  private Artifact artifact;

  @JsonPropertyDescription(
      "ObservedIgnore is the exclusion patterns used to build the current Artifact.")
  private String observedIgnore;

  @JsonPropertyDescription(
      "ObservedLayerSelector is the layer selector used to build the current Artifact.")
  private OCILayerSelector observedLayerSelector;

  @JsonPropertyDescription(
      "LastHandledReconcileAt holds the value of the most recent reconcile request annotation"
          + " handled, so that a new request can be detected.")
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

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  @Override
  public Artifact getArtifact() {
    return artifact;
  }

  public void setArtifact(Artifact artifact) {
    this.artifact = artifact;
  }

  public String getObservedIgnore() {
    return observedIgnore;
  }

  public void setObservedIgnore(String observedIgnore) {
    this.observedIgnore = observedIgnore;
  }

  public OCILayerSelector getObservedLayerSelector() {
    return observedLayerSelector;
  }

  public void setObservedLayerSelector(OCILayerSelector observedLayerSelector) {
    this.observedLayerSelector = observedLayerSelector;
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

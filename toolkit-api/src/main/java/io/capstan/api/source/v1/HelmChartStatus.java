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

/** Observed state of a {@link HelmChart}: the packaged chart and what it was built from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class HelmChartStatus extends ExtensibleObject implements FluxStatus, ArtifactSourceStatus {

  @JsonPropertyDescription(
      "ObservedGeneration is the last observed generation of the HelmChart object.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "ObservedSourceArtifactRevision is the last observed Artifact revision of the source in"
          + " spec.sourceRef.")
  private String observedSourceArtifactRevision;

  @JsonPropertyDescription(
      "ObservedChartName is the chart name last resolved from the chart reference.")
  private String observedChartName;

  @JsonPropertyDescription(
      "ObservedValuesFiles are the values files of the last successful reconciliation, matching"
          + " the chart in the current Artifact.")
  private List<String> observedValuesFiles;

  @JsonPropertyDescription("Conditions holds the conditions for the HelmChart.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "URL is the dynamic fetch link for the latest Artifact, provided on a best-effort basis;"
          + " prefer the data in status.artifact.")
  private String url;

  @JsonPropertyDescription("Artifact represents the output of the last successful reconciliation.")
  private Artifact artifact;

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

  public String getObservedSourceArtifactRevision() {
    return observedSourceArtifactRevision;
  }

  public void setObservedSourceArtifactRevision(String observedSourceArtifactRevision) {
    this.observedSourceArtifactRevision = observedSourceArtifactRevision;
  }

  public String getObservedChartName() {
    return observedChartName;
  }

  public void setObservedChartName(String observedChartName) {
    this.observedChartName = observedChartName;
  }

  public List<String> getObservedValuesFiles() {
    return observedValuesFiles;
  }

  public void setObservedValuesFiles(List<String> observedValuesFiles) {
    this.observedValuesFiles =
        observedValuesFiles == null ? null : new ArrayList<>(observedValuesFiles);
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

  @Override
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }
}

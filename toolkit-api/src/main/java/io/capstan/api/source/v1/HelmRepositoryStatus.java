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

/**
 * Observed state of a {@link HelmRepository}. For an HTTP/S repository the artifact is the index;
 * an OCI repository has no artifact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class HelmRepositoryStatus extends ExtensibleObject
    implements FluxStatus, ArtifactSourceStatus {

  @JsonPropertyDescription(
      "ObservedGeneration is the last observed generation of the HelmRepository object.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the HelmRepository.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "URL is the dynamic fetch link for the latest Artifact, provided on a best-effort basis;"
          + " prefer the data in status.artifact.")
  private String url;

  @JsonPropertyDescription("Artifact represents the last successful HelmRepository reconciliation.")
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

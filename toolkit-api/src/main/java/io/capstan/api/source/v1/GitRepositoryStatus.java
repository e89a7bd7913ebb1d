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

/** Observed state of a {@link GitRepository}: the last artifact and what produced it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class GitRepositoryStatus extends ExtensibleObject
    implements FluxStatus, ArtifactSourceStatus {

  @JsonPropertyDescription(
      "ObservedGeneration is the last observed generation of the GitRepository object.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the GitRepository.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Artifact represents the last successful GitRepository reconciliation.")
  private Artifact artifact;

  @JsonPropertyDescription(
      "IncludedArtifacts lists the Artifacts last included as instructed by spec.include.")
  private List<Artifact> includedArtifacts;

  @JsonPropertyDescription(
      "ObservedIgnore is the exclusion patterns used to build the current Artifact.")
  private String observedIgnore;

  @JsonPropertyDescription(
      "ObservedRecurseSubmodules is the submodule setting used to build the current Artifact.")
  private Boolean observedRecurseSubmodules;

  @JsonPropertyDescription(
      "ObservedInclude is the list of included GitRepositories used to build the current"
          + " Artifact.")
  private List<GitRepositoryInclude> observedInclude;

  @JsonPropertyDescription(
      "ObservedSparseCheckout is the list of directories used to build the current Artifact.")
  private List<String> observedSparseCheckout;

  @JsonPropertyDescription(
      "SourceVerificationMode is the verification mode last used, i.e. which Git object(s)"
          + " have been verified.")
  private String sourceVerificationMode;

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

  @Override
  public Artifact getArtifact() {
    return artifact;
  }

  public void setArtifact(Artifact artifact) {
    this.artifact = artifact;
  }

  public List<Artifact> getIncludedArtifacts() {
    return includedArtifacts;
  }

  public void setIncludedArtifacts(List<Artifact> includedArtifacts) {
    this.includedArtifacts = includedArtifacts == null ? null : new ArrayList<>(includedArtifacts);
  }

  public String getObservedIgnore() {
    return observedIgnore;
  }

  public void setObservedIgnore(String observedIgnore) {
    this.observedIgnore = observedIgnore;
  }

  public Boolean getObservedRecurseSubmodules() {
    return observedRecurseSubmodules;
  }

  public void setObservedRecurseSubmodules(Boolean observedRecurseSubmodules) {
    this.observedRecurseSubmodules = observedRecurseSubmodules;
  }

  public List<GitRepositoryInclude> getObservedInclude() {
    return observedInclude;
  }

  public void setObservedInclude(List<GitRepositoryInclude> observedInclude) {
    this.observedInclude = observedInclude == null ? null : new ArrayList<>(observedInclude);
  }

  public List<String> getObservedSparseCheckout() {
    return observedSparseCheckout;
  }

  public void setObservedSparseCheckout(List<String> observedSparseCheckout) {
    this.observedSparseCheckout =
        observedSparseCheckout == null ? null : new ArrayList<>(observedSparseCheckout);
  }

  public String getSourceVerificationMode() {
    return sourceVerificationMode;
  }

  public void setSourceVerificationMode(String sourceVerificationMode) {
    this.sourceVerificationMode = sourceVerificationMode;
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

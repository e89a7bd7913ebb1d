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
import java.util.List;

/** The observed state of an ImageRepository: conditions and the result of the last scan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class ImageRepositoryStatus extends ExtensibleObject implements FluxStatus {

  @JsonPropertyDescription("ObservedGeneration is the last reconciled generation.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the ImageRepository.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "CanonicalImageName is the name of the image repository with all the implied parts made"
          + " explicit, e.g. `docker.io/library/alpine` rather than `alpine`.")
  private String canonicalImageName;

  @JsonPropertyDescription("LastScanResult contains the number of fetched tags.")
  private ScanResult lastScanResult;

  @JsonPropertyDescription(
      "ObservedExclusionList is the exclusion list that was in effect for the scan reported in"
          + " lastScanResult.")
  private List<String> observedExclusionList;

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

  public String getCanonicalImageName() {
    return canonicalImageName;
  }

  public void setCanonicalImageName(String canonicalImageName) {
    this.canonicalImageName = canonicalImageName;
  }

  public ScanResult getLastScanResult() {
    return lastScanResult;
  }

  public void setLastScanResult(ScanResult lastScanResult) {
    this.lastScanResult = lastScanResult;
  }

  public List<String> getObservedExclusionList() {
    return observedExclusionList;
  }

  public void setObservedExclusionList(List<String> observedExclusionList) {
    this.observedExclusionList =
        observedExclusionList == null ? null : new ArrayList<>(observedExclusionList);
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

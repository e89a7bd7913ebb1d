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

/** The observed state of an ImagePolicy: the image it selected and the one before. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
public class ImagePolicyStatus extends ExtensibleObject implements FluxStatus {

  @JsonPropertyDescription("ObservedGeneration is the last reconciled generation.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions holds the conditions for the ImagePolicy.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "LatestRef gives the first in the list of images scanned by the image repository, when"
          + " filtered and ordered according to the policy.")
  private ImageRef latestRef;

  @JsonPropertyDescription(
      "ObservedPreviousRef is the LatestRef observed before the current one; it lets consumers"
          + " tell the previous image from the current one.")
  private ImageRef observedPreviousRef;

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

  public ImageRef getLatestRef() {
    return latestRef;
  }

  public void setLatestRef(ImageRef latestRef) {
    this.latestRef = latestRef;
  }

  public ImageRef getObservedPreviousRef() {
    return observedPreviousRef;
  }

  public void setObservedPreviousRef(ImageRef observedPreviousRef) {
    this.observedPreviousRef = observedPreviousRef;
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

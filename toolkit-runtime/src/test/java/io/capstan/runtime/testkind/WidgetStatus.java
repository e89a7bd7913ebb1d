package io.capstan.runtime.testkind;

import io.capstan.api.meta.Condition;
import io.capstan.api.meta.FluxStatus;
import java.util.List;

/** Status of the test kind: the Flux trio plus one kind-specific field. */
public class WidgetStatus implements FluxStatus {
  private List<Condition> conditions;
  private Long observedGeneration;
  private String lastHandledReconcileAt;
  private String revision;

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  @Override
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  @Override
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }
}

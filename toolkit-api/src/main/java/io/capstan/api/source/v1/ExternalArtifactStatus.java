package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ExtensibleObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of an {@link ExternalArtifact}, written by the third-party controller that
 * produces the artifact. Flux gives it neither observedGeneration nor lastHandledReconcileAt, so
 * unlike the other source statuses it is not a {@link io.capstan.api.meta.FluxStatus}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalArtifactStatus extends ExtensibleObject implements ArtifactSourceStatus {

  @JsonPropertyDescription("Artifact represents the output of an ExternalArtifact reconciliation.")
  private Artifact artifact;

  @JsonPropertyDescription("Conditions holds the conditions for the ExternalArtifact.")
  private List<Condition> conditions;

  @Override
  public Artifact getArtifact() {
    return artifact;
  }

  public void setArtifact(Artifact artifact) {
    this.artifact = artifact;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? null : new ArrayList<>(conditions);
  }
}

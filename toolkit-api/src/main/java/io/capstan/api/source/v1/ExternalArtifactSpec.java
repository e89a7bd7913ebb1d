package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.NamespacedObjectKindReference;

/** Desired state of an {@link ExternalArtifact}: which object the artifact is produced for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalArtifactSpec extends ExtensibleObject {

  @JsonPropertyDescription(
      "SourceRef points to the Kubernetes custom resource the artifact is generated for.")
  private NamespacedObjectKindReference sourceRef;

  public NamespacedObjectKindReference getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(NamespacedObjectKindReference sourceRef) {
    this.sourceRef = sourceRef;
  }
}

package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import java.util.Map;

/**
 * Labels and annotations applied to every object a Kustomization or HelmRelease manages; they
 * override existing keys with the same name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommonMetadata extends ExtensibleObject {

  @JsonPropertyDescription("Annotations to add to the metadata of every managed object.")
  private Map<String, String> annotations;

  @JsonPropertyDescription("Labels to add to the metadata of every managed object.")
  private Map<String, String> labels;

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }
}

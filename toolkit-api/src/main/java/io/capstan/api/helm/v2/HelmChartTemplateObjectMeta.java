package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import java.util.Map;

/** Labels and annotations for the HelmChart the controller creates for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmChartTemplateObjectMeta extends ExtensibleObject {

  @JsonPropertyDescription(
      "Annotations is an unstructured key-value map kept with the object for external "
          + "tools; not queryable. More info: "
          + "https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/")
  private Map<String, String> annotations;

  @JsonPropertyDescription(
      "Labels are key-value pairs used to organize and select objects. More info: "
          + "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/")
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

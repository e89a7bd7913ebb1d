package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** The template of the HelmChart object the controller creates and owns for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmChartTemplate extends ExtensibleObject {

  @JsonPropertyDescription("Metadata holds labels and annotations for the HelmChart.")
  private HelmChartTemplateObjectMeta metadata;

  @Required
  @JsonPropertyDescription("Spec is the template for the HelmChart's spec.")
  private HelmChartTemplateSpec spec;

  public HelmChartTemplateObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(HelmChartTemplateObjectMeta metadata) {
    this.metadata = metadata;
  }

  public HelmChartTemplateSpec getSpec() {
    return spec;
  }

  public void setSpec(HelmChartTemplateSpec spec) {
    this.spec = spec;
  }
}

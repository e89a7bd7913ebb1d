package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** The source, in the HelmChart's namespace, that holds the chart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmChartSourceReference extends ExtensibleObject {

  @JsonPropertyDescription("APIVersion of the referent.")
  private String apiVersion;

  @Required
  @JsonPropertyDescription("Kind of the referent: 'HelmRepository', 'GitRepository' or 'Bucket'.")
  private HelmChartSourceKind kind;

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public HelmChartSourceKind getKind() {
    return kind;
  }

  public void setKind(HelmChartSourceKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}

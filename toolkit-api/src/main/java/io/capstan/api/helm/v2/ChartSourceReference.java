package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The source a HelmChart template takes its chart from, optionally in another namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChartSourceReference extends ExtensibleObject {

  @JsonPropertyDescription("APIVersion of the referent.")
  private String apiVersion;

  @Required
  @JsonPropertyDescription("Kind of the referent.")
  private ChartSourceKind kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "Namespace of the referent; defaults to the namespace of the HelmRelease.")
  private String namespace;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public ChartSourceKind getKind() {
    return kind;
  }

  public void setKind(ChartSourceKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}

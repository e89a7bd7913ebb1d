package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A reference to an object of any kind by kind and name, optionally with API version and namespace
 * (which default to the preferred version and the referrer's namespace).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespacedObjectKindReference extends ExtensibleObject {

  @JsonPropertyDescription(
      "API version of the referent; when omitted, the Kubernetes preferred version is used.")
  private String apiVersion;

  @Required
  @JsonPropertyDescription("Kind of the referent.")
  private String kind;

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  @JsonPropertyDescription(
      "Namespace of the referent; when omitted, the namespace of the referring object.")
  private String namespace;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
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

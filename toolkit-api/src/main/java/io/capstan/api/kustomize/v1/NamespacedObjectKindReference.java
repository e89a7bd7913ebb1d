package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A reference to an object of any kind, optionally in another namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespacedObjectKindReference extends ExtensibleObject {

  @JsonPropertyDescription(
      "API version of the referent; when omitted the preferred version of the kind is used.")
  private String apiVersion;

  @Required
  @JsonPropertyDescription("Kind of the referent.")
  private String kind;

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  @JsonPropertyDescription(
      "Namespace of the referent; when omitted, the namespace of the object holding the "
          + "reference.")
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

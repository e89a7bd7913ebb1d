package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * The source (a GitRepository) an ImageUpdateAutomation commits to, optionally in another namespace
 * (Flux's {@code CrossNamespaceSourceReference}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceReference extends ExtensibleObject {

  @JsonPropertyDescription("API version of the referent.")
  private String apiVersion;

  @Required
  @Default("GitRepository")
  @JsonPropertyDescription("Kind of the referent.")
  private SourceKind kind;

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  @JsonPropertyDescription(
      "Namespace of the referent, defaults to the namespace of the Kubernetes resource object"
          + " that contains the reference.")
  private String namespace;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public SourceKind getKind() {
    return kind;
  }

  public void setKind(SourceKind kind) {
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

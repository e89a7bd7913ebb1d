package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A ConfigMap or Secret in the Kustomization's namespace whose data supplies post-build variables.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubstituteReference extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Kind of the referent, 'Secret' or 'ConfigMap'.")
  private VariablesSourceKind kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the referent, in the same namespace as the Kustomization.")
  private String name;

  @Default("false")
  @JsonPropertyDescription(
      "Optional tolerates a missing referent, which then contributes no variables; "
          + "otherwise a missing referent fails the reconciliation. Defaults to false.")
  private Boolean optional;

  public VariablesSourceKind getKind() {
    return kind;
  }

  public void setKind(VariablesSourceKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getOptional() {
    return optional;
  }

  public void setOptional(Boolean optional) {
    this.optional = optional;
  }
}

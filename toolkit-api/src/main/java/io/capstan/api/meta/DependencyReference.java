package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A dependency of a Kustomization or HelmRelease: an object of the same kind that must be ready
 * first, optionally judged by a CEL expression.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DependencyReference extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  @JsonPropertyDescription(
      "Namespace of the referent; defaults to the namespace of the object holding the "
          + "reference.")
  private String namespace;

  @JsonPropertyDescription(
      "ReadyExpr is a CEL expression deciding whether the dependency is ready. It "
          + "replaces the built-in readiness check, unless the AdditiveCELDependencyCheck "
          + "feature gate is enabled, in which case both must pass.")
  private String readyExpr;

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

  public String getReadyExpr() {
    return readyExpr;
  }

  public void setReadyExpr(String readyExpr) {
    this.readyExpr = readyExpr;
  }
}

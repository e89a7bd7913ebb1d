package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A reference to an object by name, optionally in another namespace (defaults to the referrer's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespacedObjectReference extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  @JsonPropertyDescription(
      "Namespace of the referent, when not specified it acts as LocalObjectReference.")
  private String namespace;

  public NamespacedObjectReference() {}

  public NamespacedObjectReference(String name, String namespace) {
    this.name = name;
    this.namespace = namespace;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof NamespacedObjectReference r
        && Objects.equals(name, r.name)
        && Objects.equals(namespace, r.namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace);
  }
}

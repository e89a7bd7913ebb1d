package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A reference to an object in the same namespace as the referrer, by name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalObjectReference extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name of the referent.")
  private String name;

  public LocalObjectReference() {}

  public LocalObjectReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalObjectReference r && Objects.equals(name, r.name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }
}

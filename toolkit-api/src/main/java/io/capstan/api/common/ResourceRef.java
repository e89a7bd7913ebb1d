package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** Identifies one applied Kubernetes object in an inventory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceRef extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("ID identifies the object as '<namespace>_<name>_<group>_<kind>'.")
  private String id;

  @Required
  @JsonPropertyDescription("V is the API version the object was applied with.")
  private String v;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getV() {
    return v;
  }

  public void setV(String v) {
    this.v = v;
  }
}

package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** An inline strategic merge or JSON6902 patch and the objects it applies to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Patch extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Patch is an inline strategic merge patch, or a JSON6902 patch given as an array "
          + "of operations.")
  private String patch;

  @JsonPropertyDescription("Target selects the objects the patch applies to.")
  private Selector target;

  public String getPatch() {
    return patch;
  }

  public void setPatch(String patch) {
    this.patch = patch;
  }

  public Selector getTarget() {
    return target;
  }

  public void setTarget(Selector target) {
    this.target = target;
  }
}

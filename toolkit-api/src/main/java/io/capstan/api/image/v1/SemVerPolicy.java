package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** Selects the highest tag that is a semantic version within a range. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SemVerPolicy extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Range gives a semver range for the image tag; the highest version within the range that's"
          + " a tag yields the latest image.")
  private String range;

  public String getRange() {
    return range;
  }

  public void setRange(String range) {
    this.range = range;
  }
}

package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Selects one Helm test to run or to skip. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestFilter extends ExtensibleObject {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the test.")
  private String name;

  @JsonPropertyDescription("Exclude skips the named test instead of selecting it.")
  private Boolean exclude;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getExclude() {
    return exclude;
  }

  public void setExclude(Boolean exclude) {
    this.exclude = exclude;
  }
}

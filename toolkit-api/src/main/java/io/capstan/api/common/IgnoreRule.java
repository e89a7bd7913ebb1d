package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A rule that excludes JSON pointer paths of selected objects from drift detection and from apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IgnoreRule extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Paths are JSON Pointer (RFC 6901) paths to leave out when comparing and applying "
          + "an object.")
  private List<String> paths;

  @JsonPropertyDescription(
      "Target selects the objects the rule applies to; when omitted, the paths are "
          + "ignored in every object of the reconciled manifests.")
  private Selector target;

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public Selector getTarget() {
    return target;
  }

  public void setTarget(Selector target) {
    this.target = target;
  }
}

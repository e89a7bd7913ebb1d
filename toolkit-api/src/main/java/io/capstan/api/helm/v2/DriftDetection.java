package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.common.IgnoreRule;
import io.capstan.api.meta.ExtensibleObject;
import java.util.List;

/**
 * How differences between the manifest in Helm storage and the objects in the cluster are detected
 * and handled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftDetection extends ExtensibleObject {

  @JsonPropertyDescription(
      "Mode decides how drift is handled: 'enabled' corrects it, 'warn' only reports it, "
          + "'disabled' (the default) skips detection.")
  private DriftDetectionMode mode;

  @JsonPropertyDescription("Ignore lists rules excluding JSON pointer paths from the comparison.")
  private List<IgnoreRule> ignore;

  public DriftDetectionMode getMode() {
    return mode;
  }

  public void setMode(DriftDetectionMode mode) {
    this.mode = mode;
  }

  public List<IgnoreRule> getIgnore() {
    return ignore;
  }

  public void setIgnore(List<IgnoreRule> ignore) {
    this.ignore = ignore;
  }
}

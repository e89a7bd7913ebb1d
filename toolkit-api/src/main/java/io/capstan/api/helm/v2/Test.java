package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** How the controller runs Helm tests for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Test extends ExtensibleObject {

  @JsonPropertyDescription("Enable runs the Helm tests after each install or upgrade.")
  private Boolean enable;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout is the time to wait for any individual Kubernetes operation during the "
          + "Helm test action. Defaults to the HelmRelease's timeout.")
  private String timeout;

  @JsonPropertyDescription(
      "IgnoreFailures skips remediation when tests fail; Install and Upgrade remediation "
          + "can override it with IgnoreTestFailures.")
  private Boolean ignoreFailures;

  @JsonPropertyDescription("Filters select the tests to run or to exclude.")
  private List<TestFilter> filters;

  public Boolean getEnable() {
    return enable;
  }

  public void setEnable(Boolean enable) {
    this.enable = enable;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Boolean getIgnoreFailures() {
    return ignoreFailures;
  }

  public void setIgnoreFailures(Boolean ignoreFailures) {
    this.ignoreFailures = ignoreFailures;
  }

  public List<TestFilter> getFilters() {
    return filters;
  }

  public void setFilters(List<TestFilter> filters) {
    this.filters = filters;
  }
}

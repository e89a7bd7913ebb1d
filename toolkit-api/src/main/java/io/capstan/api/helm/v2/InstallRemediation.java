package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/** What to do when a Helm install fails. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstallRemediation extends ExtensibleObject {

  @JsonPropertyDescription(
      "Retries is the number of retries after a failure; the release is uninstalled "
          + "between attempts. Defaults to 0; a negative value retries forever.")
  private Integer retries;

  @JsonPropertyDescription(
      "IgnoreTestFailures skips remediation when Helm tests run after the install fail. "
          + "Defaults to Test.IgnoreFailures.")
  private Boolean ignoreTestFailures;

  @JsonPropertyDescription(
      "RemediateLastFailure remediates the last failure too, when no retries remain. "
          + "Defaults to false.")
  private Boolean remediateLastFailure;

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }

  public Boolean getIgnoreTestFailures() {
    return ignoreTestFailures;
  }

  public void setIgnoreTestFailures(Boolean ignoreTestFailures) {
    this.ignoreTestFailures = ignoreTestFailures;
  }

  public Boolean getRemediateLastFailure() {
    return remediateLastFailure;
  }

  public void setRemediateLastFailure(Boolean remediateLastFailure) {
    this.remediateLastFailure = remediateLastFailure;
  }
}

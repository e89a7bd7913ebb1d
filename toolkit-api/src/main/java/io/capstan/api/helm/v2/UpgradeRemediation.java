package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;

/** What to do when a Helm upgrade fails. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeRemediation extends ExtensibleObject {

  @JsonPropertyDescription(
      "Retries is the number of retries after a failure; Strategy is applied between "
          + "attempts. Defaults to 0; a negative value retries forever.")
  private Integer retries;

  @JsonPropertyDescription(
      "IgnoreTestFailures skips remediation when Helm tests run after the upgrade fail. "
          + "Defaults to Test.IgnoreFailures.")
  private Boolean ignoreTestFailures;

  @JsonPropertyDescription(
      "RemediateLastFailure remediates the last failure too, when no retries remain. "
          + "Defaults to false, unless Retries is greater than 0.")
  private Boolean remediateLastFailure;

  @JsonPropertyDescription("Strategy used to remediate a failure. Defaults to 'rollback'.")
  private RemediationStrategy strategy;

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

  public RemediationStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(RemediationStrategy strategy) {
    this.strategy = strategy;
  }
}

package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The strategy for a failed Helm upgrade: remediate, or retry after an interval. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.retryInterval) || self.name == 'RetryOnFailure'",
    message = ".retryInterval can only be set when .name is 'RetryOnFailure'")
public class UpgradeStrategy extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Name of the upgrade strategy.")
  private ActionStrategyName name;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "RetryInterval between retries of a failed upgrade; only allowed with "
          + "'RetryOnFailure'. Defaults to '5m'.")
  private String retryInterval;

  public ActionStrategyName getName() {
    return name;
  }

  public void setName(ActionStrategyName name) {
    this.name = name;
  }

  public String getRetryInterval() {
    return retryInterval;
  }

  public void setRetryInterval(String retryInterval) {
    this.retryInterval = retryInterval;
  }
}

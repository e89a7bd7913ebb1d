package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** How Helm waits for applied resources to become ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WaitStrategy extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "Name of the wait strategy: 'poller' polls statuses with kstatus, 'legacy' uses "
          + "Helm 3's logic. Defaults to 'poller' ('legacy' with the UseHelm3Defaults feature "
          + "gate).")
  private WaitStrategyName name;

  public WaitStrategyName getName() {
    return name;
  }

  public void setName(WaitStrategyName name) {
    this.name = name;
  }
}

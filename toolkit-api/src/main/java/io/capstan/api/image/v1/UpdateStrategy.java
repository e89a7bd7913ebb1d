package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;

/** Which files an automation rewrites and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdateStrategy extends ExtensibleObject {

  @Default("Setters")
  @JsonPropertyDescription("Strategy names the strategy to be used.")
  private UpdateStrategyName strategy;

  @JsonPropertyDescription(
      "Path to the directory containing the manifests to be updated. Defaults to the root of the"
          + " repository.")
  private String path;

  public UpdateStrategyName getStrategy() {
    return strategy;
  }

  public void setStrategy(UpdateStrategyName strategy) {
    this.strategy = strategy;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}

package io.capstan.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/**
 * CEL expressions that assess the health of a custom resource kind, used instead of the generic
 * kstatus rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomHealthCheck extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("APIVersion of the custom resource kind the expressions apply to.")
  private String apiVersion;

  @JsonPropertyDescription("Kind of the custom resource the expressions apply to.")
  private String kind;

  @Required
  @JsonPropertyDescription(
      "Current is a CEL expression that is true once the resource has reached its "
          + "desired state.")
  private String current;

  @JsonPropertyDescription(
      "InProgress is a CEL expression that is true while the resource has not yet "
          + "reached its desired state.")
  private String inProgress;

  @JsonPropertyDescription(
      "Failed is a CEL expression that is true when the resource has failed to reach its "
          + "desired state.")
  private String failed;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getCurrent() {
    return current;
  }

  public void setCurrent(String current) {
    this.current = current;
  }

  public String getInProgress() {
    return inProgress;
  }

  public void setInProgress(String inProgress) {
    this.inProgress = inProgress;
  }

  public String getFailed() {
    return failed;
  }

  public void setFailed(String failed) {
    this.failed = failed;
  }
}

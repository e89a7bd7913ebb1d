package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** How the controller performs Helm uninstall actions for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Uninstall extends ExtensibleObject {

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout is the time to wait for any individual Kubernetes operation (such as hook "
          + "Jobs) during the Helm uninstall action. Defaults to the HelmRelease's timeout.")
  private String timeout;

  @JsonPropertyDescription("DisableHooks prevents hooks from running during the uninstall.")
  private Boolean disableHooks;

  @JsonPropertyDescription(
      "DisableWait skips waiting for all resources to be deleted after the uninstall.")
  private Boolean disableWait;

  @JsonPropertyDescription(
      "KeepHistory removes the resources but keeps the release history, marking the "
          + "release deleted.")
  private Boolean keepHistory;

  @Default("background")
  @JsonPropertyDescription(
      "DeletionPropagation is the propagation policy for deleting the release's resources.")
  private DeletionPropagation deletionPropagation;

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Boolean getDisableHooks() {
    return disableHooks;
  }

  public void setDisableHooks(Boolean disableHooks) {
    this.disableHooks = disableHooks;
  }

  public Boolean getDisableWait() {
    return disableWait;
  }

  public void setDisableWait(Boolean disableWait) {
    this.disableWait = disableWait;
  }

  public Boolean getKeepHistory() {
    return keepHistory;
  }

  public void setKeepHistory(Boolean keepHistory) {
    this.keepHistory = keepHistory;
  }

  public DeletionPropagation getDeletionPropagation() {
    return deletionPropagation;
  }

  public void setDeletionPropagation(DeletionPropagation deletionPropagation) {
    this.deletionPropagation = deletionPropagation;
  }
}

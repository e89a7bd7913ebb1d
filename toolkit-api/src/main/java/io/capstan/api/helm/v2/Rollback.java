package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;

/** How the controller performs Helm rollback actions for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Rollback extends ExtensibleObject {

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout is the time to wait for any individual Kubernetes operation (such as hook "
          + "Jobs) during the Helm rollback action. Defaults to the HelmRelease's timeout.")
  private String timeout;

  @JsonPropertyDescription(
      "DisableWait skips waiting for the resources to be ready after the rollback.")
  private Boolean disableWait;

  @JsonPropertyDescription(
      "DisableWaitForJobs skips waiting for Jobs to complete after the rollback.")
  private Boolean disableWaitForJobs;

  @JsonPropertyDescription("DisableHooks prevents hooks from running during the rollback.")
  private Boolean disableHooks;

  @JsonPropertyDescription(
      "Recreate restarted the pods of managed workloads. Deprecated: no longer "
          + "functional with the Helm 4 SDK; setting it only logs a warning.")
  private Boolean recreate;

  @JsonPropertyDescription(
      "Force replaces resources to get past three-way merge conflicts with client-side "
          + "apply; ignored with server-side apply, which always forces conflicts.")
  private Boolean force;

  @JsonPropertyDescription("CleanupOnFail deletes resources created by a failed rollback.")
  private Boolean cleanupOnFail;

  @JsonPropertyDescription(
      "ServerSideApply selects server-side apply for the rollback: 'enabled', "
          + "'disabled', or 'auto' (the default) to follow the previous release.")
  private ServerSideApplyMode serverSideApply;

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Boolean getDisableWait() {
    return disableWait;
  }

  public void setDisableWait(Boolean disableWait) {
    this.disableWait = disableWait;
  }

  public Boolean getDisableWaitForJobs() {
    return disableWaitForJobs;
  }

  public void setDisableWaitForJobs(Boolean disableWaitForJobs) {
    this.disableWaitForJobs = disableWaitForJobs;
  }

  public Boolean getDisableHooks() {
    return disableHooks;
  }

  public void setDisableHooks(Boolean disableHooks) {
    this.disableHooks = disableHooks;
  }

  public Boolean getRecreate() {
    return recreate;
  }

  public void setRecreate(Boolean recreate) {
    this.recreate = recreate;
  }

  public Boolean getForce() {
    return force;
  }

  public void setForce(Boolean force) {
    this.force = force;
  }

  public Boolean getCleanupOnFail() {
    return cleanupOnFail;
  }

  public void setCleanupOnFail(Boolean cleanupOnFail) {
    this.cleanupOnFail = cleanupOnFail;
  }

  public ServerSideApplyMode getServerSideApply() {
    return serverSideApply;
  }

  public void setServerSideApply(ServerSideApplyMode serverSideApply) {
    this.serverSideApply = serverSideApply;
  }
}

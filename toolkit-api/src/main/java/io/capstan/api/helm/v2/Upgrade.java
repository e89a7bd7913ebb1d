package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;

/** How the controller performs Helm upgrade actions for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Upgrade extends ExtensibleObject {

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout is the time to wait for any individual Kubernetes operation (such as hook "
          + "Jobs) during the Helm upgrade action. Defaults to the HelmRelease's timeout.")
  private String timeout;

  @JsonPropertyDescription(
      "Remediation configures what happens when the upgrade fails; by default nothing is done.")
  private UpgradeRemediation remediation;

  @JsonPropertyDescription(
      "Strategy for a failed upgrade. Defaults to 'RemediateOnFailure', or "
          + "'RetryOnFailure' when the DefaultToRetryOnFailure feature gate is enabled.")
  private UpgradeStrategy strategy;

  @JsonPropertyDescription(
      "DisableWait skips waiting for the resources to be ready after the upgrade.")
  private Boolean disableWait;

  @JsonPropertyDescription(
      "DisableWaitForJobs skips waiting for Jobs to complete after the upgrade.")
  private Boolean disableWaitForJobs;

  @JsonPropertyDescription("DisableHooks prevents hooks from running during the upgrade.")
  private Boolean disableHooks;

  @JsonPropertyDescription(
      "DisableOpenAPIValidation skips validating the rendered templates against the "
          + "Kubernetes OpenAPI schema.")
  private Boolean disableOpenAPIValidation;

  @JsonPropertyDescription(
      "DisableSchemaValidation skips validating the values against the chart's JSON schema.")
  private Boolean disableSchemaValidation;

  @JsonPropertyDescription(
      "DisableTakeOwnership prevents the upgrade from taking ownership of existing "
          + "resources. Defaults to false.")
  private Boolean disableTakeOwnership;

  @JsonPropertyDescription(
      "Force replaces resources to get past three-way merge conflicts with client-side "
          + "apply; ignored with server-side apply, which always forces conflicts.")
  private Boolean force;

  @JsonPropertyDescription(
      "PreserveValues reuses the last release's values and merges the HelmRelease values "
          + "over them, which makes the release non-declarative.")
  private Boolean preserveValues;

  @JsonPropertyDescription("CleanupOnFail deletes resources created by a failed upgrade.")
  private Boolean cleanupOnFail;

  @JsonPropertyDescription(
      "ServerSideApply selects server-side apply for the upgrade: 'enabled', 'disabled', "
          + "or 'auto' (the default) to follow the previous release.")
  private ServerSideApplyMode serverSideApply;

  @JsonPropertyDescription(
      "Crds is the policy for the CRDs in the chart's crds directory: 'Skip' (the "
          + "default) installs or replaces none, 'Create' creates new CRDs only, "
          + "'CreateReplace' creates new and replaces existing CRDs; none is ever deleted.")
  private CrdsPolicy crds;

  @JsonPropertyDescription(
      "ChartNameChangeStrategy decides what happens when the chart name changes: "
          + "'Reinstall' (the default) uninstalls and installs anew, 'InPlaceUpdate' upgrades "
          + "in place.")
  private ChartNameChangeStrategy chartNameChangeStrategy;

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public UpgradeRemediation getRemediation() {
    return remediation;
  }

  public void setRemediation(UpgradeRemediation remediation) {
    this.remediation = remediation;
  }

  public UpgradeStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(UpgradeStrategy strategy) {
    this.strategy = strategy;
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

  public Boolean getDisableOpenAPIValidation() {
    return disableOpenAPIValidation;
  }

  public void setDisableOpenAPIValidation(Boolean disableOpenAPIValidation) {
    this.disableOpenAPIValidation = disableOpenAPIValidation;
  }

  public Boolean getDisableSchemaValidation() {
    return disableSchemaValidation;
  }

  public void setDisableSchemaValidation(Boolean disableSchemaValidation) {
    this.disableSchemaValidation = disableSchemaValidation;
  }

  public Boolean getDisableTakeOwnership() {
    return disableTakeOwnership;
  }

  public void setDisableTakeOwnership(Boolean disableTakeOwnership) {
    this.disableTakeOwnership = disableTakeOwnership;
  }

  public Boolean getForce() {
    return force;
  }

  public void setForce(Boolean force) {
    this.force = force;
  }

  public Boolean getPreserveValues() {
    return preserveValues;
  }

  public void setPreserveValues(Boolean preserveValues) {
    this.preserveValues = preserveValues;
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

  public CrdsPolicy getCrds() {
    return crds;
  }

  public void setCrds(CrdsPolicy crds) {
    this.crds = crds;
  }

  public ChartNameChangeStrategy getChartNameChangeStrategy() {
    return chartNameChangeStrategy;
  }

  public void setChartNameChangeStrategy(ChartNameChangeStrategy chartNameChangeStrategy) {
    this.chartNameChangeStrategy = chartNameChangeStrategy;
  }
}

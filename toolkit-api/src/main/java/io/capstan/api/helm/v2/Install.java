package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Pattern;

/** How the controller performs Helm install actions for a HelmRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Install extends ExtensibleObject {

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout is the time to wait for any individual Kubernetes operation (such as hook "
          + "Jobs) during the Helm install action. Defaults to the HelmRelease's timeout.")
  private String timeout;

  @JsonPropertyDescription(
      "Remediation configures what happens when the install fails; by default nothing is done.")
  private InstallRemediation remediation;

  @JsonPropertyDescription(
      "Strategy for a failed install. Defaults to 'RemediateOnFailure', or "
          + "'RetryOnFailure' when the DefaultToRetryOnFailure feature gate is enabled.")
  private InstallStrategy strategy;

  @JsonPropertyDescription(
      "DisableWait skips waiting for the resources to be ready after the install.")
  private Boolean disableWait;

  @JsonPropertyDescription(
      "DisableWaitForJobs skips waiting for Jobs to complete after the install.")
  private Boolean disableWaitForJobs;

  @JsonPropertyDescription("DisableHooks prevents hooks from running during the install.")
  private Boolean disableHooks;

  @JsonPropertyDescription(
      "DisableOpenAPIValidation skips validating the rendered templates against the "
          + "Kubernetes OpenAPI schema.")
  private Boolean disableOpenAPIValidation;

  @JsonPropertyDescription(
      "DisableSchemaValidation skips validating the values against the chart's JSON schema.")
  private Boolean disableSchemaValidation;

  @JsonPropertyDescription(
      "DisableTakeOwnership prevents the install from taking ownership of existing "
          + "resources. Defaults to false.")
  private Boolean disableTakeOwnership;

  @JsonPropertyDescription(
      "Replace reuses the release name, but only if that name belongs to a deleted "
          + "release still in the history.")
  private Boolean replace;

  @JsonPropertyDescription(
      "ServerSideApply enables server-side apply during the install. Defaults to true "
          + "(false with the UseHelm3Defaults feature gate).")
  private Boolean serverSideApply;

  @JsonPropertyDescription(
      "SkipCRDs skips installing CRDs (installed by default when absent). Deprecated: "
          + "use Crds 'Skip'.")
  private Boolean skipCRDs;

  @JsonPropertyDescription(
      "Crds is the policy for the CRDs in the chart's crds directory: 'Skip' installs or "
          + "replaces none, 'Create' (the default) creates new CRDs only, 'CreateReplace' "
          + "creates new and replaces existing CRDs; none is ever deleted.")
  private CrdsPolicy crds;

  @JsonPropertyDescription(
      "CreateNamespace creates the target namespace when it does not exist; it is not "
          + "deleted on uninstall.")
  private Boolean createNamespace;

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public InstallRemediation getRemediation() {
    return remediation;
  }

  public void setRemediation(InstallRemediation remediation) {
    this.remediation = remediation;
  }

  public InstallStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(InstallStrategy strategy) {
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

  public Boolean getReplace() {
    return replace;
  }

  public void setReplace(Boolean replace) {
    this.replace = replace;
  }

  public Boolean getServerSideApply() {
    return serverSideApply;
  }

  public void setServerSideApply(Boolean serverSideApply) {
    this.serverSideApply = serverSideApply;
  }

  public Boolean getSkipCRDs() {
    return skipCRDs;
  }

  public void setSkipCRDs(Boolean skipCRDs) {
    this.skipCRDs = skipCRDs;
  }

  public CrdsPolicy getCrds() {
    return crds;
  }

  public void setCrds(CrdsPolicy crds) {
    this.crds = crds;
  }

  public Boolean getCreateNamespace() {
    return createNamespace;
  }

  public void setCreateNamespace(Boolean createNamespace) {
    this.createNamespace = createNamespace;
  }
}

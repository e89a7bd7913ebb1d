package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A point-in-time copy of the state of one Helm release, as recorded by the controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
    properties:
      firstDeployed: {format: date-time}
      lastDeployed: {format: date-time}
      deleted: {format: date-time}
    """)
public class HelmReleaseSnapshot extends ExtensibleObject {

  @JsonPropertyDescription(
      "APIVersion of the snapshot format; changes when the digest calculation changes.")
  private String apiVersion;

  @Required
  @JsonPropertyDescription(
      "Digest is the checksum of the release object in storage, as '<algo>:<checksum>'.")
  private String digest;

  @Required
  @JsonPropertyDescription("Name of the release.")
  private String name;

  @Required
  @JsonPropertyDescription("Namespace the release is deployed to.")
  private String namespace;

  @Required
  @JsonPropertyDescription("Version of the release object in storage.")
  private Integer version;

  @Required
  @JsonPropertyDescription("Status of the release.")
  private String status;

  @Required
  @JsonPropertyDescription("ChartName is the name of the chart of the release.")
  private String chartName;

  @Required
  @JsonPropertyDescription("ChartVersion is the version of the chart of the release.")
  private String chartVersion;

  @JsonPropertyDescription("AppVersion is the app version of the chart of the release.")
  private String appVersion;

  @Required
  @JsonPropertyDescription(
      "ConfigDigest is the checksum of the release's values, as '<algo>:<checksum>'.")
  private String configDigest;

  @Required
  @JsonPropertyDescription("FirstDeployed is when the release was first deployed (RFC 3339).")
  private String firstDeployed;

  @Required
  @JsonPropertyDescription("LastDeployed is when the release was last deployed (RFC 3339).")
  private String lastDeployed;

  @JsonPropertyDescription("Deleted is when the release was deleted (RFC 3339).")
  private String deleted;

  @JsonPropertyDescription(
      "TestHooks maps the release's test hooks, as observed run by the controller, to "
          + "their status.")
  private Map<String, TestHookStatus> testHooks;

  @JsonPropertyDescription("OCIDigest is the digest of the OCI artifact the chart came from.")
  private String ociDigest;

  @JsonPropertyDescription("Action is the Helm action that produced this snapshot.")
  private String action;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getChartName() {
    return chartName;
  }

  public void setChartName(String chartName) {
    this.chartName = chartName;
  }

  public String getChartVersion() {
    return chartVersion;
  }

  public void setChartVersion(String chartVersion) {
    this.chartVersion = chartVersion;
  }

  public String getAppVersion() {
    return appVersion;
  }

  public void setAppVersion(String appVersion) {
    this.appVersion = appVersion;
  }

  public String getConfigDigest() {
    return configDigest;
  }

  public void setConfigDigest(String configDigest) {
    this.configDigest = configDigest;
  }

  public String getFirstDeployed() {
    return firstDeployed;
  }

  public void setFirstDeployed(String firstDeployed) {
    this.firstDeployed = firstDeployed;
  }

  public String getLastDeployed() {
    return lastDeployed;
  }

  public void setLastDeployed(String lastDeployed) {
    this.lastDeployed = lastDeployed;
  }

  public String getDeleted() {
    return deleted;
  }

  public void setDeleted(String deleted) {
    this.deleted = deleted;
  }

  public Map<String, TestHookStatus> getTestHooks() {
    return testHooks;
  }

  public void setTestHooks(Map<String, TestHookStatus> testHooks) {
    this.testHooks = testHooks;
  }

  public String getOciDigest() {
    return ociDigest;
  }

  public void setOciDigest(String ociDigest) {
    this.ociDigest = ociDigest;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }
}

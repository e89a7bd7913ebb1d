package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.common.CommonMetadata;
import io.capstan.api.common.CustomHealthCheck;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.KubeConfigReference;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired state of a HelmRelease: which chart, with which values, and how to install, upgrade,
 * test, roll back and uninstall it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))",
    message = "either chart or chartRef must be set")
public class HelmReleaseSpec extends ExtensibleObject implements Suspendable {

  @JsonPropertyDescription(
      "Chart is the template of the HelmChart the controller creates for this release. "
          + "Exactly one of Chart and ChartRef must be set.")
  private HelmChartTemplate chart;

  @JsonPropertyDescription(
      "ChartRef references a source object holding the chart artifact. Exactly one of "
          + "Chart and ChartRef must be set.")
  private ChartReference chartRef;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the Helm release is reconciled, as a Go duration (e.g. '10m').")
  private String interval;

  @JsonPropertyDescription(
      "KubeConfig locates the kubeconfig of a remote cluster to reconcile on. Combined "
          + "with ServiceAccountName, the controller acts as that service account on the "
          + "target cluster; the --default-service-account flag is the fallback when "
          + "ServiceAccountName is empty.")
  private KubeConfigReference kubeConfig;

  @JsonPropertyDescription(
      "Suspend stops subsequent reconciliations; one already running is not interrupted. "
          + "Defaults to false.")
  private Boolean suspend;

  @Size(min = 1, max = 53)
  @JsonPropertyDescription(
      "ReleaseName is the name of the Helm release; defaults to '[TargetNamespace-]Name'.")
  private String releaseName;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "TargetNamespace is the namespace the release is installed into; defaults to the "
          + "namespace of the HelmRelease.")
  private String targetNamespace;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "StorageNamespace is the namespace of the Helm release storage; defaults to the "
          + "namespace of the HelmRelease.")
  private String storageNamespace;

  @JsonPropertyDescription(
      "DependsOn lists HelmReleases that must be ready before this one is reconciled.")
  private List<DependencyReference> dependsOn;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout is the time to wait for any individual Kubernetes operation (such as hook "
          + "Jobs) during a Helm action. Defaults to '5m0s'.")
  private String timeout;

  @JsonPropertyDescription(
      "MaxHistory is the number of release revisions Helm keeps; 0 keeps all. Defaults to 5.")
  private Integer maxHistory;

  @Size(min = 1, max = 253)
  @JsonPropertyDescription(
      "ServiceAccountName is the Kubernetes service account impersonated when "
          + "reconciling this HelmRelease.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "PersistentClient reuses one Kubernetes client for the whole reconciliation "
          + "instead of one per Helm action step. Faster, but charts that create CRDs outside "
          + "Helm's CRD lifecycle may find later hooks not seeing them. Defaults to true.")
  private Boolean persistentClient;

  @JsonPropertyDescription(
      "DriftDetection configures detecting and handling differences between the manifest "
          + "in Helm storage and the objects in the cluster.")
  private DriftDetection driftDetection;

  @JsonPropertyDescription("Install configures Helm install actions.")
  private Install install;

  @JsonPropertyDescription("Upgrade configures Helm upgrade actions.")
  private Upgrade upgrade;

  @JsonPropertyDescription("Test configures Helm test actions.")
  private Test test;

  @JsonPropertyDescription("Rollback configures Helm rollback actions.")
  private Rollback rollback;

  @JsonPropertyDescription("Uninstall configures Helm uninstall actions.")
  private Uninstall uninstall;

  @JsonPropertyDescription(
      "ValuesFrom lists ConfigMaps and Secrets holding Helm values, merged in order "
          + "before Values.")
  private List<ValuesReference> valuesFrom;

  @JsonPropertyDescription(
      "Values are the Helm values for this release, merged over those from ValuesFrom.")
  private JsonNode values;

  @JsonPropertyDescription("PostRenderers are applied in order to the rendered manifests.")
  private List<PostRenderer> postRenderers;

  @JsonPropertyDescription(
      "PostRenderStrategy decides how hooks reach post-renderers: 'nohooks' (not at all, "
          + "Helm 3 behaviour), 'combined' (with the templates, Helm 4 default), 'separate' "
          + "(as their own stream). Defaults to 'combined' ('nohooks' with the "
          + "UseHelm3Defaults feature gate).")
  private PostRenderStrategy postRenderStrategy;

  @JsonPropertyDescription(
      "WaitStrategy selects how Helm waits for applied resources to become ready.")
  private WaitStrategy waitStrategy;

  @JsonPropertyDescription(
      "HealthCheckExprs are CEL expressions that assess the health of custom resources; "
          + "they are evaluated only when the Helm action waits (DisableWait is false) with "
          + "the 'poller' wait strategy.")
  private List<CustomHealthCheck> healthCheckExprs;

  @JsonPropertyDescription(
      "CommonMetadata holds labels and annotations applied to every object of the "
          + "release; they override existing keys with the same name.")
  private CommonMetadata commonMetadata;

  public HelmChartTemplate getChart() {
    return chart;
  }

  public void setChart(HelmChartTemplate chart) {
    this.chart = chart;
  }

  public ChartReference getChartRef() {
    return chartRef;
  }

  public void setChartRef(ChartReference chartRef) {
    this.chartRef = chartRef;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public KubeConfigReference getKubeConfig() {
    return kubeConfig;
  }

  public void setKubeConfig(KubeConfigReference kubeConfig) {
    this.kubeConfig = kubeConfig;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public String getReleaseName() {
    return releaseName;
  }

  public void setReleaseName(String releaseName) {
    this.releaseName = releaseName;
  }

  public String getTargetNamespace() {
    return targetNamespace;
  }

  public void setTargetNamespace(String targetNamespace) {
    this.targetNamespace = targetNamespace;
  }

  public String getStorageNamespace() {
    return storageNamespace;
  }

  public void setStorageNamespace(String storageNamespace) {
    this.storageNamespace = storageNamespace;
  }

  public List<DependencyReference> getDependsOn() {
    return dependsOn;
  }

  public void setDependsOn(List<DependencyReference> dependsOn) {
    this.dependsOn = dependsOn;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getMaxHistory() {
    return maxHistory;
  }

  public void setMaxHistory(Integer maxHistory) {
    this.maxHistory = maxHistory;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Boolean getPersistentClient() {
    return persistentClient;
  }

  public void setPersistentClient(Boolean persistentClient) {
    this.persistentClient = persistentClient;
  }

  public DriftDetection getDriftDetection() {
    return driftDetection;
  }

  public void setDriftDetection(DriftDetection driftDetection) {
    this.driftDetection = driftDetection;
  }

  public Install getInstall() {
    return install;
  }

  public void setInstall(Install install) {
    this.install = install;
  }

  public Upgrade getUpgrade() {
    return upgrade;
  }

  public void setUpgrade(Upgrade upgrade) {
    this.upgrade = upgrade;
  }

  public Test getTest() {
    return test;
  }

  public void setTest(Test test) {
    this.test = test;
  }

  public Rollback getRollback() {
    return rollback;
  }

  public void setRollback(Rollback rollback) {
    this.rollback = rollback;
  }

  public Uninstall getUninstall() {
    return uninstall;
  }

  public void setUninstall(Uninstall uninstall) {
    this.uninstall = uninstall;
  }

  public List<ValuesReference> getValuesFrom() {
    return valuesFrom;
  }

  public void setValuesFrom(List<ValuesReference> valuesFrom) {
    this.valuesFrom = valuesFrom;
  }

  public JsonNode getValues() {
    return values;
  }

  public void setValues(JsonNode values) {
    this.values = values;
  }

  public List<PostRenderer> getPostRenderers() {
    return postRenderers;
  }

  public void setPostRenderers(List<PostRenderer> postRenderers) {
    this.postRenderers = postRenderers;
  }

  public PostRenderStrategy getPostRenderStrategy() {
    return postRenderStrategy;
  }

  public void setPostRenderStrategy(PostRenderStrategy postRenderStrategy) {
    this.postRenderStrategy = postRenderStrategy;
  }

  public WaitStrategy getWaitStrategy() {
    return waitStrategy;
  }

  public void setWaitStrategy(WaitStrategy waitStrategy) {
    this.waitStrategy = waitStrategy;
  }

  public List<CustomHealthCheck> getHealthCheckExprs() {
    return healthCheckExprs;
  }

  public void setHealthCheckExprs(List<CustomHealthCheck> healthCheckExprs) {
    this.healthCheckExprs = healthCheckExprs;
  }

  public CommonMetadata getCommonMetadata() {
    return commonMetadata;
  }

  public void setCommonMetadata(CommonMetadata commonMetadata) {
    this.commonMetadata = commonMetadata;
  }
}

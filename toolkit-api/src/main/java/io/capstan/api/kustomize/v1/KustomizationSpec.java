package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.common.CommonMetadata;
import io.capstan.api.common.CustomHealthCheck;
import io.capstan.api.common.IgnoreRule;
import io.capstan.api.common.Image;
import io.capstan.api.common.Patch;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.KubeConfigReference;
import io.capstan.api.meta.NamespacedObjectKindReference;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The desired state of a Kustomization: which source to build, how to build it, and how to apply,
 * prune and health-check the result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KustomizationSpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription("SourceRef is the source holding the manifests to build.")
  private CrossNamespaceSourceReference sourceRef;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the Kustomization is reconciled, as a Go duration (e.g. '10m'); "
          + "the controller may add jitter.")
  private String interval;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "RetryInterval at which a failed reconciliation is retried; defaults to Interval.")
  private String retryInterval;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Timeout for validation, apply and health checking; defaults to Interval.")
  private String timeout;

  @JsonPropertyDescription(
      "Path to the directory in the source holding the kustomization.yaml, or the plain "
          + "manifests a kustomization.yaml is generated for; defaults to the root of the "
          + "source.")
  private String path;

  @Required
  @JsonPropertyDescription(
      "Prune enables garbage collection of objects that were removed from the source.")
  private Boolean prune;

  @JsonPropertyDescription(
      "DeletionPolicy controls garbage collection when the Kustomization is deleted: "
          + "'MirrorPrune' follows Prune (delete if true, orphan if false), 'Delete' deletes "
          + "the managed objects, 'WaitForTermination' deletes them and waits until they are "
          + "gone, 'Orphan' leaves them. Defaults to 'MirrorPrune'.")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(
      "Suspend stops subsequent reconciliations; one already running is not interrupted. "
          + "Defaults to false.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "DependsOn lists Kustomizations that must be ready before this one is reconciled.")
  private List<DependencyReference> dependsOn;

  @JsonPropertyDescription(
      "ServiceAccountName is the Kubernetes service account impersonated when "
          + "reconciling this Kustomization.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "KubeConfig locates the kubeconfig of a remote cluster to reconcile on. Combined "
          + "with ServiceAccountName, the controller acts as that service account on the "
          + "target cluster; the --default-service-account flag is the fallback when "
          + "ServiceAccountName is empty.")
  private KubeConfigReference kubeConfig;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "TargetNamespace sets or overrides the namespace of the built objects, like the "
          + "namespace field of kustomization.yaml.")
  private String targetNamespace;

  @Size(min = 1, max = 200)
  @JsonPropertyDescription("NamePrefix is prepended to the names of all managed objects.")
  private String namePrefix;

  @Size(min = 1, max = 200)
  @JsonPropertyDescription("NameSuffix is appended to the names of all managed objects.")
  private String nameSuffix;

  @JsonPropertyDescription(
      "CommonMetadata holds labels and annotations applied to every managed object; they "
          + "override existing keys with the same name.")
  private CommonMetadata commonMetadata;

  @JsonPropertyDescription(
      "Components lists relative paths to kustomize Components to include in the build.")
  private List<String> components;

  @JsonPropertyDescription(
      "IgnoreMissingComponents drops Components paths that do not exist in the source "
          + "from the generated kustomization.yaml, instead of failing the build.")
  private Boolean ignoreMissingComponents;

  @JsonPropertyDescription(
      "Patches are inline strategic merge or JSON6902 patches, each optionally targeted "
          + "at objects by kind, name, labels or annotations.")
  private List<Patch> patches;

  @JsonPropertyDescription(
      "Images override image names, tags or digests; a shorthand for the equivalent patches.")
  private List<Image> images;

  @JsonPropertyDescription(
      "BuildMetadata selects kustomize build metadata added to the built objects: "
          + "'originAnnotations' records where each object came from, 'transformerAnnotations' "
          + "which transformers produced it.")
  private List<BuildMetadataOption> buildMetadata;

  @JsonPropertyDescription(
      "PostBuild describes actions, such as variable substitution, applied to the output "
          + "of kustomize build.")
  private PostBuild postBuild;

  @JsonPropertyDescription(
      "Decryption configures how encrypted Secrets are decrypted before they are applied.")
  private Decryption decryption;

  @Default("false")
  @JsonPropertyDescription(
      "Force recreates objects whose patch fails because an immutable field changed. "
          + "Defaults to false.")
  private Boolean force;

  @JsonPropertyDescription(
      "Wait makes the controller check the health of every reconciled object, in which "
          + "case HealthChecks is ignored. Defaults to false.")
  private Boolean wait;

  @JsonPropertyDescription("HealthChecks lists objects whose health is assessed after applying.")
  private List<NamespacedObjectKindReference> healthChecks;

  @JsonPropertyDescription(
      "HealthCheckExprs are CEL expressions that assess the health of custom resources; "
          + "they are evaluated only when Wait or HealthChecks is set.")
  private List<CustomHealthCheck> healthCheckExprs;

  @JsonPropertyDescription(
      "Ignore lists rules excluding JSON pointer paths of the managed objects from drift "
          + "detection and apply.")
  private List<IgnoreRule> ignore;

  public CrossNamespaceSourceReference getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(CrossNamespaceSourceReference sourceRef) {
    this.sourceRef = sourceRef;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getRetryInterval() {
    return retryInterval;
  }

  public void setRetryInterval(String retryInterval) {
    this.retryInterval = retryInterval;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Boolean getPrune() {
    return prune;
  }

  public void setPrune(Boolean prune) {
    this.prune = prune;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public List<DependencyReference> getDependsOn() {
    return dependsOn;
  }

  public void setDependsOn(List<DependencyReference> dependsOn) {
    this.dependsOn = dependsOn;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public KubeConfigReference getKubeConfig() {
    return kubeConfig;
  }

  public void setKubeConfig(KubeConfigReference kubeConfig) {
    this.kubeConfig = kubeConfig;
  }

  public String getTargetNamespace() {
    return targetNamespace;
  }

  public void setTargetNamespace(String targetNamespace) {
    this.targetNamespace = targetNamespace;
  }

  public String getNamePrefix() {
    return namePrefix;
  }

  public void setNamePrefix(String namePrefix) {
    this.namePrefix = namePrefix;
  }

  public String getNameSuffix() {
    return nameSuffix;
  }

  public void setNameSuffix(String nameSuffix) {
    this.nameSuffix = nameSuffix;
  }

  public CommonMetadata getCommonMetadata() {
    return commonMetadata;
  }

  public void setCommonMetadata(CommonMetadata commonMetadata) {
    this.commonMetadata = commonMetadata;
  }

  public List<String> getComponents() {
    return components;
  }

  public void setComponents(List<String> components) {
    this.components = components;
  }

  public Boolean getIgnoreMissingComponents() {
    return ignoreMissingComponents;
  }

  public void setIgnoreMissingComponents(Boolean ignoreMissingComponents) {
    this.ignoreMissingComponents = ignoreMissingComponents;
  }

  public List<Patch> getPatches() {
    return patches;
  }

  public void setPatches(List<Patch> patches) {
    this.patches = patches;
  }

  public List<Image> getImages() {
    return images;
  }

  public void setImages(List<Image> images) {
    this.images = images;
  }

  public List<BuildMetadataOption> getBuildMetadata() {
    return buildMetadata;
  }

  public void setBuildMetadata(List<BuildMetadataOption> buildMetadata) {
    this.buildMetadata = buildMetadata;
  }

  public PostBuild getPostBuild() {
    return postBuild;
  }

  public void setPostBuild(PostBuild postBuild) {
    this.postBuild = postBuild;
  }

  public Decryption getDecryption() {
    return decryption;
  }

  public void setDecryption(Decryption decryption) {
    this.decryption = decryption;
  }

  public Boolean getForce() {
    return force;
  }

  public void setForce(Boolean force) {
    this.force = force;
  }

  public Boolean getWait() {
    return wait;
  }

  public void setWait(Boolean wait) {
    this.wait = wait;
  }

  public List<NamespacedObjectKindReference> getHealthChecks() {
    return healthChecks;
  }

  public void setHealthChecks(List<NamespacedObjectKindReference> healthChecks) {
    this.healthChecks = healthChecks;
  }

  public List<CustomHealthCheck> getHealthCheckExprs() {
    return healthCheckExprs;
  }

  public void setHealthCheckExprs(List<CustomHealthCheck> healthCheckExprs) {
    this.healthCheckExprs = healthCheckExprs;
  }

  public List<IgnoreRule> getIgnore() {
    return ignore;
  }

  public void setIgnore(List<IgnoreRule> ignore) {
    this.ignore = ignore;
  }
}

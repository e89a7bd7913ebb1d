package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.common.ResourceInventory;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.FluxStatus;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The observed state of a HelmRelease, written only by the controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.STATUS_FORMATS)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
    properties:
      failures: {format: int64}
      installFailures: {format: int64}
      upgradeFailures: {format: int64}
      lastAttemptedGeneration: {format: int64}
    """)
public class HelmReleaseStatus extends ExtensibleObject implements FluxStatus {

  @JsonPropertyDescription(
      "ObservedGeneration is the last metadata.generation the controller observed.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions are the latest observations of the HelmRelease's state (Ready, "
          + "Reconciling, Stalled, Released, TestSuccess, Remediated).")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "LastHandledReconcileAt is the value of the reconcile.fluxcd.io/requestedAt "
          + "annotation last handled, so a new request can be detected.")
  private String lastHandledReconcileAt;

  @JsonPropertyDescription(
      "LastHandledForceAt is the value of the reconcile.fluxcd.io/forceAt annotation "
          + "last handled, so a new force request can be detected.")
  private String lastHandledForceAt;

  @JsonPropertyDescription(
      "LastHandledResetAt is the value of the reconcile.fluxcd.io/resetAt annotation "
          + "last handled, so a new reset request can be detected.")
  private String lastHandledResetAt;

  @JsonPropertyDescription(
      "HelmChart is the '<namespace>/<name>' of the HelmChart the controller created for "
          + "this release.")
  private String helmChart;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "StorageNamespace is the namespace of the Helm storage of the current release.")
  private String storageNamespace;

  @JsonPropertyDescription(
      "History holds the releases performed for this HelmRelease, newest first, up to "
          + "the last successful one.")
  private List<HelmReleaseSnapshot> history;

  @JsonPropertyDescription(
      "LastAttemptedGeneration is the last generation the controller attempted to reconcile.")
  private Long lastAttemptedGeneration;

  @JsonPropertyDescription(
      "LastAttemptedRevision is the source revision of the last reconciliation attempt. "
          + "For OCIRepository sources the chart version carries the first 12 characters of "
          + "the digest, e.g. '1.2.3+1234567890ab'.")
  private String lastAttemptedRevision;

  @JsonPropertyDescription(
      "LastAttemptedRevisionDigest is the digest of the last reconciliation attempt; "
          + "only set for OCIRepository sources.")
  private String lastAttemptedRevisionDigest;

  @JsonPropertyDescription(
      "LastAttemptedValuesChecksum is the SHA1 checksum of the values of the last "
          + "reconciliation attempt. Deprecated: use LastAttemptedConfigDigest.")
  private String lastAttemptedValuesChecksum;

  @JsonPropertyDescription(
      "LastAttemptedConfigDigest is the digest of the values of the last reconciliation "
          + "attempt.")
  private String lastAttemptedConfigDigest;

  @JsonPropertyDescription(
      "LastAttemptedReleaseAction is the last release action performed; it decides which "
          + "retry or remediation strategy is active.")
  private ReleaseAction lastAttemptedReleaseAction;

  @JsonPropertyDescription(
      "LastAttemptedReleaseActionDuration is how long the last release action took (a Go "
          + "duration).")
  private String lastAttemptedReleaseActionDuration;

  @JsonPropertyDescription(
      "LastReleaseRevision is the revision of the last successful Helm release. "
          + "Deprecated: use History.")
  private Integer lastReleaseRevision;

  @JsonPropertyDescription(
      "Failures counts reconciliation failures against the latest desired state; reset "
          + "after a success.")
  private Long failures;

  @JsonPropertyDescription(
      "InstallFailures counts install failures against the latest desired state; reset "
          + "after a success.")
  private Long installFailures;

  @JsonPropertyDescription(
      "UpgradeFailures counts upgrade failures against the latest desired state; reset "
          + "after a success.")
  private Long upgradeFailures;

  @JsonPropertyDescription(
      "ObservedPostRenderersDigest is the digest of the post-renderers of the last "
          + "successful reconciliation.")
  private String observedPostRenderersDigest;

  @JsonPropertyDescription(
      "ObservedCommonMetadataDigest is the digest of the common metadata of the last "
          + "successful reconciliation.")
  private String observedCommonMetadataDigest;

  @JsonPropertyDescription("Inventory lists the Kubernetes objects applied for this release.")
  private ResourceInventory inventory;

  @Override
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  @Override
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  @Override
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  public String getLastHandledForceAt() {
    return lastHandledForceAt;
  }

  public void setLastHandledForceAt(String lastHandledForceAt) {
    this.lastHandledForceAt = lastHandledForceAt;
  }

  public String getLastHandledResetAt() {
    return lastHandledResetAt;
  }

  public void setLastHandledResetAt(String lastHandledResetAt) {
    this.lastHandledResetAt = lastHandledResetAt;
  }

  public String getHelmChart() {
    return helmChart;
  }

  public void setHelmChart(String helmChart) {
    this.helmChart = helmChart;
  }

  public String getStorageNamespace() {
    return storageNamespace;
  }

  public void setStorageNamespace(String storageNamespace) {
    this.storageNamespace = storageNamespace;
  }

  public List<HelmReleaseSnapshot> getHistory() {
    return history;
  }

  public void setHistory(List<HelmReleaseSnapshot> history) {
    this.history = history;
  }

  public Long getLastAttemptedGeneration() {
    return lastAttemptedGeneration;
  }

  public void setLastAttemptedGeneration(Long lastAttemptedGeneration) {
    this.lastAttemptedGeneration = lastAttemptedGeneration;
  }

  public String getLastAttemptedRevision() {
    return lastAttemptedRevision;
  }

  public void setLastAttemptedRevision(String lastAttemptedRevision) {
    this.lastAttemptedRevision = lastAttemptedRevision;
  }

  public String getLastAttemptedRevisionDigest() {
    return lastAttemptedRevisionDigest;
  }

  public void setLastAttemptedRevisionDigest(String lastAttemptedRevisionDigest) {
    this.lastAttemptedRevisionDigest = lastAttemptedRevisionDigest;
  }

  public String getLastAttemptedValuesChecksum() {
    return lastAttemptedValuesChecksum;
  }

  public void setLastAttemptedValuesChecksum(String lastAttemptedValuesChecksum) {
    this.lastAttemptedValuesChecksum = lastAttemptedValuesChecksum;
  }

  public String getLastAttemptedConfigDigest() {
    return lastAttemptedConfigDigest;
  }

  public void setLastAttemptedConfigDigest(String lastAttemptedConfigDigest) {
    this.lastAttemptedConfigDigest = lastAttemptedConfigDigest;
  }

  public ReleaseAction getLastAttemptedReleaseAction() {
    return lastAttemptedReleaseAction;
  }

  public void setLastAttemptedReleaseAction(ReleaseAction lastAttemptedReleaseAction) {
    this.lastAttemptedReleaseAction = lastAttemptedReleaseAction;
  }

  public String getLastAttemptedReleaseActionDuration() {
    return lastAttemptedReleaseActionDuration;
  }

  public void setLastAttemptedReleaseActionDuration(String lastAttemptedReleaseActionDuration) {
    this.lastAttemptedReleaseActionDuration = lastAttemptedReleaseActionDuration;
  }

  public Integer getLastReleaseRevision() {
    return lastReleaseRevision;
  }

  public void setLastReleaseRevision(Integer lastReleaseRevision) {
    this.lastReleaseRevision = lastReleaseRevision;
  }

  public Long getFailures() {
    return failures;
  }

  public void setFailures(Long failures) {
    this.failures = failures;
  }

  public Long getInstallFailures() {
    return installFailures;
  }

  public void setInstallFailures(Long installFailures) {
    this.installFailures = installFailures;
  }

  public Long getUpgradeFailures() {
    return upgradeFailures;
  }

  public void setUpgradeFailures(Long upgradeFailures) {
    this.upgradeFailures = upgradeFailures;
  }

  public String getObservedPostRenderersDigest() {
    return observedPostRenderersDigest;
  }

  public void setObservedPostRenderersDigest(String observedPostRenderersDigest) {
    this.observedPostRenderersDigest = observedPostRenderersDigest;
  }

  public String getObservedCommonMetadataDigest() {
    return observedCommonMetadataDigest;
  }

  public void setObservedCommonMetadataDigest(String observedCommonMetadataDigest) {
    this.observedCommonMetadataDigest = observedCommonMetadataDigest;
  }

  public ResourceInventory getInventory() {
    return inventory;
  }

  public void setInventory(ResourceInventory inventory) {
    this.inventory = inventory;
  }
}

package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * A record of reconciling one set of resources: its digest, when it was first and last reconciled,
 * how long the last run took and how it ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
    properties:
      firstReconciled: {format: date-time}
      lastReconciled: {format: date-time}
      totalReconciliations: {format: int64}
    """)
public class HistorySnapshot extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Digest is the checksum of the reconciled resources, as '<algo>:<hex>'.")
  private String digest;

  @Required
  @JsonPropertyDescription(
      "FirstReconciled is when this set of resources was first reconciled (RFC 3339).")
  private String firstReconciled;

  @Required
  @JsonPropertyDescription(
      "LastReconciled is when this set of resources was last reconciled (RFC 3339).")
  private String lastReconciled;

  @Required
  @JsonPropertyDescription(
      "LastReconciledDuration is how long the last reconciliation took (a Go duration).")
  private String lastReconciledDuration;

  @Required
  @JsonPropertyDescription("LastReconciledStatus is the outcome of the last reconciliation.")
  private String lastReconciledStatus;

  @Required
  @JsonPropertyDescription(
      "TotalReconciliations counts the reconciliations of this set of resources.")
  private Long totalReconciliations;

  @JsonPropertyDescription(
      "Metadata holds additional information about the snapshot, such as the source revision.")
  private Map<String, String> metadata;

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getFirstReconciled() {
    return firstReconciled;
  }

  public void setFirstReconciled(String firstReconciled) {
    this.firstReconciled = firstReconciled;
  }

  public String getLastReconciled() {
    return lastReconciled;
  }

  public void setLastReconciled(String lastReconciled) {
    this.lastReconciled = lastReconciled;
  }

  public String getLastReconciledDuration() {
    return lastReconciledDuration;
  }

  public void setLastReconciledDuration(String lastReconciledDuration) {
    this.lastReconciledDuration = lastReconciledDuration;
  }

  public String getLastReconciledStatus() {
    return lastReconciledStatus;
  }

  public void setLastReconciledStatus(String lastReconciledStatus) {
    this.lastReconciledStatus = lastReconciledStatus;
  }

  public Long getTotalReconciliations() {
    return totalReconciliations;
  }

  public void setTotalReconciliations(Long totalReconciliations) {
    this.totalReconciliations = totalReconciliations;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }
}

package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a {@link HelmChart}: which chart, from which source, at which version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.verify) || self.sourceRef.kind == 'HelmRepository'",
    message = "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'")
public class HelmChartSpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription(
      "Chart is the name of the chart in a HelmRepository, or its path in a GitRepository or"
          + " Bucket.")
  private String chart;

  // Quoted: a bare * is a YAML alias marker, and the generator parses defaults as YAML.
  @Default("'*'")
  @JsonPropertyDescription(
      "Version is a SemVer expression for the chart version; ignored for charts from"
          + " GitRepository and Bucket sources. Defaults to the latest version.")
  private String version;

  @Required
  @JsonPropertyDescription("SourceRef is the reference to the Source the chart is available at.")
  private HelmChartSourceReference sourceRef;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the source is checked for updates; approximate, as it may be jittered"
          + " to spread the load.")
  private String interval;

  @Default("ChartVersion")
  @JsonPropertyDescription(
      "ReconcileStrategy decides what produces a new artifact: 'ChartVersion' (the default) a"
          + " new chart version, 'Revision' a new revision of the source artifact.")
  private HelmChartReconcileStrategy reconcileStrategy;

  @JsonPropertyDescription(
      "ValuesFiles is a list of values files, relative to the source root, used instead of the"
          + " chart's values.yaml (which is not included unless listed). Later files override"
          + " earlier ones.")
  private List<String> valuesFiles;

  @JsonPropertyDescription(
      "IgnoreMissingValuesFiles makes missing values files silently ignored instead of a"
          + " failure.")
  private Boolean ignoreMissingValuesFiles;

  @JsonPropertyDescription("Suspend tells the controller to stop reconciling this HelmChart.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "Verify configures the verification of the chart's OCI signature: the provider and the"
          + " trusted keys or identities. Only supported for charts from a HelmRepository of"
          + " type 'oci'; dependencies not bundled in the chart are not verified.")
  private SignatureVerification verify;

  public String getChart() {
    return chart;
  }

  public void setChart(String chart) {
    this.chart = chart;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public HelmChartSourceReference getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(HelmChartSourceReference sourceRef) {
    this.sourceRef = sourceRef;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public HelmChartReconcileStrategy getReconcileStrategy() {
    return reconcileStrategy;
  }

  public void setReconcileStrategy(HelmChartReconcileStrategy reconcileStrategy) {
    this.reconcileStrategy = reconcileStrategy;
  }

  public List<String> getValuesFiles() {
    return valuesFiles;
  }

  public void setValuesFiles(List<String> valuesFiles) {
    this.valuesFiles = valuesFiles == null ? null : new ArrayList<>(valuesFiles);
  }

  public Boolean getIgnoreMissingValuesFiles() {
    return ignoreMissingValuesFiles;
  }

  public void setIgnoreMissingValuesFiles(Boolean ignoreMissingValuesFiles) {
    this.ignoreMissingValuesFiles = ignoreMissingValuesFiles;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public SignatureVerification getVerify() {
    return verify;
  }

  public void setVerify(SignatureVerification verify) {
    this.verify = verify;
  }
}

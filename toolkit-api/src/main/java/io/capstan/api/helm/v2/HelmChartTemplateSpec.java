package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The spec of the HelmChart the controller creates for a HelmRelease: which chart, from which
 * source, at which version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmChartTemplateSpec extends ExtensibleObject {

  @Required
  @Size(min = 1, max = 2048)
  @JsonPropertyDescription("Chart is the name of the chart, or its path within the source.")
  private String chart;

  @Default("'*'")
  @JsonPropertyDescription(
      "Version is a semver expression selecting the chart version; ignored for charts "
          + "from a GitRepository or Bucket. Defaults to the latest version ('*').")
  private String version;

  @Required
  @JsonPropertyDescription("SourceRef is the source the chart is available in.")
  private ChartSourceReference sourceRef;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the source is checked for updates; defaults to the "
          + "HelmRelease's interval.")
  private String interval;

  @Default("ChartVersion")
  @JsonPropertyDescription(
      "ReconcileStrategy decides what produces a new chart artifact: 'ChartVersion' (the "
          + "default) a new chart version, 'Revision' a new source revision.")
  private ReconcileStrategy reconcileStrategy;

  @JsonPropertyDescription(
      "ValuesFiles are paths within the source of values files merged, in order, into "
          + "the chart's values; the last file wins. The chart's values.yaml is not included "
          + "unless listed.")
  private List<String> valuesFiles;

  @JsonPropertyDescription(
      "IgnoreMissingValuesFiles silently skips values files that do not exist instead of "
          + "failing.")
  private Boolean ignoreMissingValuesFiles;

  @JsonPropertyDescription(
      "Verify configures signature verification of the chart. Only supported for OCI "
          + "sources; dependencies not bundled in the chart are not verified.")
  private HelmChartTemplateVerification verify;

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

  public ChartSourceReference getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(ChartSourceReference sourceRef) {
    this.sourceRef = sourceRef;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public ReconcileStrategy getReconcileStrategy() {
    return reconcileStrategy;
  }

  public void setReconcileStrategy(ReconcileStrategy reconcileStrategy) {
    this.reconcileStrategy = reconcileStrategy;
  }

  public List<String> getValuesFiles() {
    return valuesFiles;
  }

  public void setValuesFiles(List<String> valuesFiles) {
    this.valuesFiles = valuesFiles;
  }

  public Boolean getIgnoreMissingValuesFiles() {
    return ignoreMissingValuesFiles;
  }

  public void setIgnoreMissingValuesFiles(Boolean ignoreMissingValuesFiles) {
    this.ignoreMissingValuesFiles = ignoreMissingValuesFiles;
  }

  public HelmChartTemplateVerification getVerify() {
    return verify;
  }

  public void setVerify(HelmChartTemplateVerification verify) {
    this.verify = verify;
  }
}

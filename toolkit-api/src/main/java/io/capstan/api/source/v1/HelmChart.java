package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.FluxLabels;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Helm chart taken from a HelmRepository, GitRepository or Bucket: the source-controller resolves
 * the version, packages the chart (with the chosen values files) and publishes it as an {@link
 * io.capstan.api.meta.Artifact}. helm-controller creates these for HelmReleases.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=source-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(HelmChart.KIND)
@Plural("helmcharts")
@Singular("helmchart")
@ShortNames("hc")
@Categories({"all", "fluxcd", GroupVersion.CATEGORY})
@AdditionalPrinterColumn(name = "Chart", jsonPath = ".spec.chart")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version")
@AdditionalPrinterColumn(name = "Source Kind", jsonPath = ".spec.sourceRef.kind")
@AdditionalPrinterColumn(name = "Source Name", jsonPath = ".spec.sourceRef.name")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "description: HelmChart is the Schema for the helmcharts API.")
public class HelmChart extends CustomResource<HelmChartSpec, HelmChartStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "HelmChart";

  @Override
  @JsonPropertyDescription("HelmChartSpec specifies the desired state of a Helm chart.")
  public HelmChartSpec getSpec() {
    return super.getSpec();
  }

  /** The observed state; the API server defaults a missing status to observedGeneration -1. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("HelmChartStatus records the observed state of the HelmChart.")
  public HelmChartStatus getStatus() {
    return super.getStatus();
  }
}

package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.FluxLabels;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
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
 * A Flux {@code helm.toolkit.fluxcd.io/v2} HelmRelease: installs a Helm chart with given values and
 * keeps the release up to date, with install, upgrade, test, rollback and uninstall policies.
 * Serializes to and from exactly the documents Flux's helm-controller reads and writes.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=helm-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, storage = true, served = true)
@Kind(HelmRelease.KIND)
@Singular("helmrelease")
@Plural("helmreleases")
@ShortNames("hr")
@Categories({"all", "fluxcd", "fluxcd-appliers"})
@Annotations("kustomize.toolkit.fluxcd.io/substitute=disabled")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "description: HelmRelease is the Schema for the helmreleases API")
public class HelmRelease extends CustomResource<HelmReleaseSpec, HelmReleaseStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "HelmRelease";

  @Override
  @JsonPropertyDescription("HelmReleaseSpec defines the desired state of a Helm release.")
  public HelmReleaseSpec getSpec() {
    return super.getSpec();
  }

  @Override
  public void setSpec(HelmReleaseSpec spec) {
    super.setSpec(spec);
  }

  /** The observed state; a new object starts with {@code observedGeneration: -1}. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("HelmReleaseStatus defines the observed state of a HelmRelease.")
  public HelmReleaseStatus getStatus() {
    return super.getStatus();
  }

  @Override
  public void setStatus(HelmReleaseStatus status) {
    super.setStatus(status);
  }
}

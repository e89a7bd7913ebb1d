package io.capstan.api.kustomize.v1;

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
 * A Flux {@code kustomize.toolkit.fluxcd.io/v1} Kustomization: builds a kustomize overlay from a
 * source artifact and applies, prunes and health-checks the result. Serializes to and from exactly
 * the documents Flux's kustomize-controller reads and writes.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=kustomize-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, storage = true, served = true)
@Kind(Kustomization.KIND)
@Singular("kustomization")
@Plural("kustomizations")
@ShortNames("ks")
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
    input = "description: Kustomization is the Schema for the kustomizations API.")
public class Kustomization extends CustomResource<KustomizationSpec, KustomizationStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "Kustomization";

  @Override
  @JsonPropertyDescription(
      "KustomizationSpec defines how to build a source with kustomize and apply the result.")
  public KustomizationSpec getSpec() {
    return super.getSpec();
  }

  @Override
  public void setSpec(KustomizationSpec spec) {
    super.setSpec(spec);
  }

  /** The observed state; a new object starts with {@code observedGeneration: -1}. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("KustomizationStatus is the observed state of the Kustomization.")
  public KustomizationStatus getStatus() {
    return super.getStatus();
  }

  @Override
  public void setStatus(KustomizationStatus status) {
    super.setStatus(status);
  }
}

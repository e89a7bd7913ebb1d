package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.FluxLabels;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
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
 * An artifact produced outside Flux's source-controller (by a third-party controller) and
 * advertised in the same shape as Flux sources, so Kustomizations and HelmReleases can consume it.
 * Unlike the other source kinds, Flux gives its status no default.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=source-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(ExternalArtifact.KIND)
@Plural("externalartifacts")
@Singular("externalartifact")
@ShortNames("ea")
@Categories({"all", "fluxcd", GroupVersion.CATEGORY})
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
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.sourceRef.name")
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "description: ExternalArtifact is the Schema for the externalartifacts API.")
public class ExternalArtifact extends CustomResource<ExternalArtifactSpec, ExternalArtifactStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "ExternalArtifact";

  @Override
  @JsonPropertyDescription(
      "ExternalArtifactSpec defines the desired state of the ExternalArtifact.")
  public ExternalArtifactSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "ExternalArtifactStatus defines the observed state of the ExternalArtifact.")
  public ExternalArtifactStatus getStatus() {
    return super.getStatus();
  }
}

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
 * An OCI artifact repository to watch: the source-controller pulls the selected artifact (or one of
 * its layers) on every interval and publishes it as an {@link io.capstan.api.meta.Artifact}.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=source-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(OCIRepository.KIND)
@Plural("ocirepositories")
@Singular("ocirepository")
@ShortNames("ocirepo")
@Categories({"all", "fluxcd", GroupVersion.CATEGORY})
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input = "description: OCIRepository is the Schema for the ocirepositories API.")
public class OCIRepository extends CustomResource<OCIRepositorySpec, OCIRepositoryStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "OCIRepository";

  @Override
  @JsonPropertyDescription("OCIRepositorySpec defines the desired state of the OCIRepository.")
  public OCIRepositorySpec getSpec() {
    return super.getSpec();
  }

  /** The observed state; the API server defaults a missing status to observedGeneration -1. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("OCIRepositoryStatus defines the observed state of the OCIRepository.")
  public OCIRepositoryStatus getStatus() {
    return super.getStatus();
  }
}

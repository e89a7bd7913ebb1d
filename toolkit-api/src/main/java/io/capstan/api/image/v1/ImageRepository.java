package io.capstan.api.image.v1;

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
 * {@code image.toolkit.fluxcd.io/v1 ImageRepository}: an image repository whose tags the image
 * reflector scans periodically, for ImagePolicies to choose from.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=image-reflector-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(ImageRepository.KIND)
@Singular("imagerepository")
@Plural("imagerepositories")
@ShortNames({"imgrepo", "imagerepo"})
@Categories({"all", "fluxcd", "fluxcd-images"})
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".spec.image",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Tags",
    jsonPath = ".status.lastScanResult.tagCount",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last scan",
    jsonPath = ".status.lastScanResult.scanTime",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"description": "ImageRepository is the Schema for the imagerepositories API."}
        """)
public class ImageRepository extends CustomResource<ImageRepositorySpec, ImageRepositoryStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "ImageRepository";

  @Override
  @JsonPropertyDescription("ImageRepositorySpec defines the parameters for scanning an image.")
  public ImageRepositorySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @Default("{\"observedGeneration\":-1}")
  @JsonPropertyDescription("ImageRepositoryStatus defines the observed state of ImageRepository.")
  public ImageRepositoryStatus getStatus() {
    return super.getStatus();
  }
}

package io.capstan.api.image.v1;

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
 * {@code image.toolkit.fluxcd.io/v1 ImageUpdateAutomation}: periodically rewrites the image
 * references marked in a Git repository to the images selected by ImagePolicies, then commits and
 * pushes.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=image-automation-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(ImageUpdateAutomation.KIND)
@Singular("imageupdateautomation")
@Plural("imageupdateautomations")
@ShortNames({"iua", "imgupd", "imgauto"})
@Categories({"all", "fluxcd", "fluxcd-images"})
@Annotations("kustomize.toolkit.fluxcd.io/substitute=disabled")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last run",
    jsonPath = ".status.lastAutomationRunTime",
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
        {"description": "ImageUpdateAutomation is the Schema for the imageupdateautomations API."}
        """)
public class ImageUpdateAutomation
    extends CustomResource<ImageUpdateAutomationSpec, ImageUpdateAutomationStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "ImageUpdateAutomation";

  @Override
  @JsonPropertyDescription(
      "ImageUpdateAutomationSpec defines the desired state of ImageUpdateAutomation.")
  public ImageUpdateAutomationSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @Default("{\"observedGeneration\":-1}")
  @JsonPropertyDescription(
      "ImageUpdateAutomationStatus defines the observed state of ImageUpdateAutomation.")
  public ImageUpdateAutomationStatus getStatus() {
    return super.getStatus();
  }
}

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
 * {@code image.toolkit.fluxcd.io/v1 ImagePolicy}: selects the latest image of an ImageRepository by
 * a semver range or by alphabetical or numerical tag order.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=image-reflector-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(ImagePolicy.KIND)
@Singular("imagepolicy")
@Plural("imagepolicies")
@ShortNames({"imgpol", "imagepol"})
@Categories({"all", "fluxcd", "fluxcd-images"})
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".status.latestRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Tag",
    jsonPath = ".status.latestRef.tag",
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
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"description": "ImagePolicy is the Schema for the imagepolicies API."}
        """)
public class ImagePolicy extends CustomResource<ImagePolicySpec, ImagePolicyStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "ImagePolicy";

  @Override
  @JsonPropertyDescription(
      "ImagePolicySpec defines the parameters for calculating the ImagePolicy.")
  public ImagePolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @Default("{\"observedGeneration\":-1}")
  @JsonPropertyDescription("ImagePolicyStatus defines the observed state of ImagePolicy.")
  public ImagePolicyStatus getStatus() {
    return super.getStatus();
  }
}

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
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An object storage bucket to watch (S3-compatible, AWS, GCS or Azure Blob): the source-controller
 * downloads its objects on every interval and publishes them as an {@link
 * io.capstan.api.meta.Artifact}. Flux declares no short name for this kind.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=source-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(Bucket.KIND)
@Plural("buckets")
@Singular("bucket")
@Categories({"all", "fluxcd", GroupVersion.CATEGORY})
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".spec.endpoint")
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
    input = "description: Bucket is the Schema for the buckets API.")
public class Bucket extends CustomResource<BucketSpec, BucketStatus> implements Namespaced {

  /** The kind name. */
  public static final String KIND = "Bucket";

  @Override
  @JsonPropertyDescription(
      "BucketSpec is the configuration to produce an Artifact from an object storage bucket.")
  public BucketSpec getSpec() {
    return super.getSpec();
  }

  /** The observed state; the API server defaults a missing status to observedGeneration -1. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("BucketStatus records the observed state of a Bucket.")
  public BucketStatus getStatus() {
    return super.getStatus();
  }
}

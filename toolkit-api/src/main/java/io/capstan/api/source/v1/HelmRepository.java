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
 * A Helm chart repository: for HTTP/S repositories the source-controller fetches the index on every
 * interval and publishes it as an {@link io.capstan.api.meta.Artifact}; OCI repositories are only a
 * location and credentials for {@link HelmChart}s.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=source-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(HelmRepository.KIND)
@Plural("helmrepositories")
@Singular("helmrepository")
@ShortNames("helmrepo")
@Categories({"all", "fluxcd", GroupVersion.CATEGORY})
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url")
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
    input = "description: HelmRepository is the Schema for the helmrepositories API.")
public class HelmRepository extends CustomResource<HelmRepositorySpec, HelmRepositoryStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "HelmRepository";

  @Override
  @JsonPropertyDescription(
      "HelmRepositorySpec is the configuration to produce an Artifact from a Helm repository"
          + " index.")
  public HelmRepositorySpec getSpec() {
    return super.getSpec();
  }

  /** The observed state; the API server defaults a missing status to observedGeneration -1. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("HelmRepositoryStatus records the observed state of the HelmRepository.")
  public HelmRepositoryStatus getStatus() {
    return super.getStatus();
  }
}

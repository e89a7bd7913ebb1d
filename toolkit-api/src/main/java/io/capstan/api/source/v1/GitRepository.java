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
 * A Git repository to watch: the source-controller clones the configured reference on every
 * interval and publishes the tree as an {@link io.capstan.api.meta.Artifact}.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=source-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(GitRepository.KIND)
@Plural("gitrepositories")
@Singular("gitrepository")
@ShortNames("gitrepo")
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
    input = "description: GitRepository is the Schema for the gitrepositories API.")
public class GitRepository extends CustomResource<GitRepositorySpec, GitRepositoryStatus>
    implements Namespaced {

  /** The kind name. */
  public static final String KIND = "GitRepository";

  @Override
  @JsonPropertyDescription(
      "GitRepositorySpec is the configuration to produce an Artifact from a Git repository.")
  public GitRepositorySpec getSpec() {
    return super.getSpec();
  }

  /** The observed state; the API server defaults a missing status to observedGeneration -1. */
  @Override
  @Default("{\"observedGeneration\": -1}")
  @JsonPropertyDescription("GitRepositoryStatus records the observed state of a Git repository.")
  public GitRepositoryStatus getStatus() {
    return super.getStatus();
  }
}

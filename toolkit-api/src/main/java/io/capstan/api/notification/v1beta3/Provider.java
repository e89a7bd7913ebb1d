package io.capstan.api.notification.v1beta3;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.FluxLabels;
import io.capstan.api.schema.ResourceSchema;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Annotations;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code notification.toolkit.fluxcd.io/v1beta3 Provider}: a notification service (chat, incident
 * management, Git commit status, ...) that Alerts send events to. A static object: v1beta3 has no
 * status (and no status subresource).
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=notification-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(Provider.KIND)
@Singular("provider")
@Plural("providers")
@Categories({"all", "fluxcd", "fluxcd-notifications"})
@Annotations("kustomize.toolkit.fluxcd.io/substitute=disabled")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"description": "Provider is the Schema for the providers API."}
        """)
// v1beta3 has no status: leave the inherited (Void) status field out of the schema.
@SchemaSwap(originalType = Provider.class, fieldName = "status", targetType = void.class)
public class Provider extends CustomResource<ProviderSpec, Void> implements Namespaced {

  /** The kind name. */
  public static final String KIND = "Provider";

  @Override
  @JsonPropertyDescription("ProviderSpec defines the desired state of the Provider.")
  public ProviderSpec getSpec() {
    return super.getSpec();
  }
}

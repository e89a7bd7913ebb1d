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
 * {@code notification.toolkit.fluxcd.io/v1beta3 Alert}: forwards events of selected Flux objects to
 * a Provider. A static object: v1beta3 has no status (and no status subresource).
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=notification-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(Alert.KIND)
@Singular("alert")
@Plural("alerts")
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
        {"description": "Alert is the Schema for the alerts API."}
        """)
// v1beta3 has no status: leave the inherited (Void) status field out of the schema.
@SchemaSwap(originalType = Alert.class, fieldName = "status", targetType = void.class)
public class Alert extends CustomResource<AlertSpec, Void> implements Namespaced {

  /** The kind name. */
  public static final String KIND = "Alert";

  @Override
  @JsonPropertyDescription(
      "AlertSpec defines an alerting rule for events involving a list of objects.")
  public AlertSpec getSpec() {
    return super.getSpec();
  }
}

package io.capstan.api.notification.v1;

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
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code notification.toolkit.fluxcd.io/v1 Receiver}: an incoming webhook that, when a sender
 * (GitHub, a registry, ...) calls it, asks the referenced Flux objects to reconcile at once.
 */
@Labels({FluxLabels.PART_OF, "app.kubernetes.io/component=notification-controller"})
@Group(GroupVersion.GROUP)
@Version(value = GroupVersion.VERSION, served = true, storage = true)
@Kind(Receiver.KIND)
@Singular("receiver")
@Plural("receivers")
@Categories({"all", "fluxcd", "fluxcd-notifications"})
@Annotations("kustomize.toolkit.fluxcd.io/substitute=disabled")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.TYPE_META)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        {"description": "Receiver is the Schema for the receivers API."}
        """)
public class Receiver extends CustomResource<ReceiverSpec, ReceiverStatus> implements Namespaced {

  /** The kind name. */
  public static final String KIND = "Receiver";

  @Override
  @JsonPropertyDescription("ReceiverSpec defines the desired state of the Receiver.")
  public ReceiverSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @Default("{\"observedGeneration\":-1}")
  @JsonPropertyDescription("ReceiverStatus defines the observed state of the Receiver.")
  public ReceiverStatus getStatus() {
    return super.getStatus();
  }
}

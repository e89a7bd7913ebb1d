package io.capstan.runtime.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ResourcePatcher} over a fabric8 {@link KubernetesClient}. It reads and writes untyped
 * ({@link GenericKubernetesResource}, addressed by the resource class's group, version and plural),
 * so neither a patch response nor a re-read goes through the Java model: an enum value from a newer
 * CRD, which the model cannot read, does not fail a write the server already accepted.
 */
public final class KubernetesResourcePatcher implements ResourcePatcher {

  private final KubernetesClient client;
  private final PatchContext merge;

  /** Writes through {@code client} with the client's default field manager. */
  public KubernetesResourcePatcher(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.merge = PatchContext.of(PatchType.JSON_MERGE);
  }

  /**
   * Writes through {@code client} as {@code fieldManager}, e.g. {@link #fieldManager(String)
   * gotk-kustomize-controller}: the name {@code metadata.managedFields} shows for the status and
   * finalizer writes, as Flux's controllers write them.
   */
  public KubernetesResourcePatcher(KubernetesClient client, String fieldManager) {
    this.client = Objects.requireNonNull(client, "client");
    this.merge =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(Objects.requireNonNull(fieldManager, "fieldManager"))
            .build();
  }

  /**
   * Flux's field manager for a controller's own writes to the objects it reconciles (status,
   * finalizers): {@code gotk-<controller name>}, e.g. {@code gotk-source-controller}.
   */
  public static String fieldManager(String controllerName) {
    return "gotk-" + controllerName;
  }

  @Override
  public String patchStatus(HasMetadata resource, JsonNode mergePatch) {
    return send(resource, mergePatch, true);
  }

  @Override
  public String patch(HasMetadata resource, JsonNode mergePatch) {
    return send(resource, mergePatch, false);
  }

  @Override
  public Optional<JsonNode> get(HasMetadata resource) {
    GenericKubernetesResource latest = addressOf(resource).get();
    if (latest == null) {
      return Optional.empty();
    }
    return Optional.of(client.getKubernetesSerialization().convertValue(latest, JsonNode.class));
  }

  private String send(HasMetadata resource, JsonNode mergePatch, boolean status) {
    String body = mergePatch.toString();
    try {
      Resource<GenericKubernetesResource> target = addressOf(resource);
      GenericKubernetesResource patched =
          status ? target.subresource("status").patch(merge, body) : target.patch(merge, body);
      return patched.getMetadata().getResourceVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new ResourceConflictException(
            "conflict writing " + resource.getKind() + " " + name(resource), e);
      }
      throw e;
    }
  }

  /**
   * The object's endpoint, untyped (see the class comment), for reads and writes alike. It is bound
   * to an item naming the object, because fabric8's {@code patch(PatchContext, String)} on an
   * endpoint without one first GETs the object only to learn its name (one extra request before
   * every status and finalizer write); a {@code get()} on it is the one GET by name.
   */
  private Resource<GenericKubernetesResource> addressOf(HasMetadata resource) {
    var context = ResourceDefinitionContext.fromResourceType(resource.getClass());
    var resources = client.genericKubernetesResources(context);
    String namespace = resource.getMetadata().getNamespace();
    GenericKubernetesResource item = new GenericKubernetesResource();
    item.setApiVersion(resource.getApiVersion());
    item.setKind(resource.getKind());
    item.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(context.isNamespaceScoped() ? namespace : null)
            .build());
    return context.isNamespaceScoped() && namespace != null
        ? resources.inNamespace(namespace).resource(item)
        : resources.resource(item);
  }

  private static String name(HasMetadata resource) {
    String ns = resource.getMetadata().getNamespace();
    return (ns == null ? "" : ns + "/") + resource.getMetadata().getName();
  }
}

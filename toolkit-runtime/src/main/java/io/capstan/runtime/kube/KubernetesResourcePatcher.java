package io.capstan.runtime.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;

/** {@link ResourcePatcher} over a fabric8 {@link KubernetesClient}. */
public final class KubernetesResourcePatcher implements ResourcePatcher {

  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  private final KubernetesClient client;

  /** Writes through {@code client}. */
  public KubernetesResourcePatcher(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
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
    HasMetadata latest = target(resource).get();
    if (latest == null) {
      return Optional.empty();
    }
    return Optional.of(client.getKubernetesSerialization().convertValue(latest, JsonNode.class));
  }

  private String send(HasMetadata resource, JsonNode mergePatch, boolean status) {
    String body = mergePatch.toString();
    try {
      Resource<? extends HasMetadata> target = target(resource);
      HasMetadata patched =
          status ? target.subresource("status").patch(MERGE, body) : target.patch(MERGE, body);
      return patched.getMetadata().getResourceVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new ResourceConflictException(
            "conflict writing " + resource.getKind() + " " + name(resource), e);
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private Resource<? extends HasMetadata> target(HasMetadata resource) {
    Class<HasMetadata> type = (Class<HasMetadata>) resource.getClass();
    String namespace = resource.getMetadata().getNamespace();
    var resources = client.resources(type);
    return namespace == null
        ? resources.withName(resource.getMetadata().getName())
        : resources.inNamespace(namespace).withName(resource.getMetadata().getName());
  }

  private static String name(HasMetadata resource) {
    String ns = resource.getMetadata().getNamespace();
    return (ns == null ? "" : ns + "/") + resource.getMetadata().getName();
  }
}

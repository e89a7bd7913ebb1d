package io.capstan.runtime.health;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discovery of the API server's kinds: resolves an {@code apiVersion}+{@code kind} to its plural
 * resource name and scope. Results are cached per group-version until {@link #refresh()}, which
 * callers use after creating CRDs.
 */
public final class ApiResources {

  private final KubernetesClient client;
  private final Map<String, Optional<APIResourceList>> byGroupVersion = new ConcurrentHashMap<>();

  /** A catalogue backed by {@code client}'s discovery endpoints. */
  public ApiResources(KubernetesClient client) {
    this.client = client;
  }

  /** The resource definition of a kind, or empty when the server does not serve it. */
  public Optional<ResourceDefinitionContext> find(String apiVersion, String kind) {
    Optional<APIResourceList> list = byGroupVersion.computeIfAbsent(apiVersion, this::discover);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    for (APIResource r : list.get().getResources()) {
      if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
        return Optional.of(
            new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(r.getName())
                .withNamespaced(Boolean.TRUE.equals(r.getNamespaced()))
                .build());
      }
    }
    return Optional.empty();
  }

  private Optional<APIResourceList> discover(String groupVersion) {
    try {
      return Optional.ofNullable(client.getApiResources(groupVersion));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether the kind is served; throws {@link UnknownKindException} if not. */
  public ResourceDefinitionContext require(String apiVersion, String kind) {
    return find(apiVersion, kind).orElseThrow(() -> new UnknownKindException(apiVersion, kind));
  }

  /** The client operation for one object (namespaced or not, per discovery). */
  public Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    ResourceDefinitionContext context = require(ref.apiVersion(), ref.kind());
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op = client.genericKubernetesResources(context);
    return context.isNamespaceScoped()
        ? op.inNamespace(ref.namespace()).withName(ref.name())
        : op.withName(ref.name());
  }

  /** Forgets cached discovery so kinds created since are found. */
  public void refresh() {
    byGroupVersion.clear();
  }

  /** The client this catalogue reads from. */
  public KubernetesClient client() {
    return client;
  }

  /** Thrown when the API server does not serve a kind. */
  public static final class UnknownKindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownKindException(String apiVersion, String kind) {
      super("no matches for kind \"%s\" in version \"%s\"".formatted(kind, apiVersion));
    }
  }
}

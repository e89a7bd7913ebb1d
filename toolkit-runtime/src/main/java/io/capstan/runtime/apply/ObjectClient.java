package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;

/** The API calls for one object: read, dry-run apply, apply, JSON patch, delete and await gone. */
final class ObjectClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiResources resources;
  private final String fieldManager;

  ObjectClient(ApiResources resources, String fieldManager) {
    this.resources = resources;
    this.fieldManager = fieldManager;
  }

  private Resource<GenericKubernetesResource> resource(
      ResourceDefinitionContext context, ObjectRef ref, ObjectNode body) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op = resources.client().genericKubernetesResources(context);
    GenericKubernetesResource item = JSON.convertValue(body, GenericKubernetesResource.class);
    return context.isNamespaceScoped()
        ? op.inNamespace(ref.namespace()).resource(item)
        : op.resource(item);
  }

  /** The live object as JSON, or null when it does not exist. */
  JsonNode live(ResourceDefinitionContext context, ObjectRef ref) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op = resources.client().genericKubernetesResources(context);
    GenericKubernetesResource live =
        context.isNamespaceScoped()
            ? op.inNamespace(ref.namespace()).withName(ref.name()).get()
            : op.withName(ref.name()).get();
    return live == null ? null : JSON.valueToTree(live);
  }

  JsonNode dryRunApply(ResourceDefinitionContext context, ObjectRef ref, ObjectNode desired) {
    GenericKubernetesResource result =
        resource(context, ref, desired)
            .dryRun()
            .fieldManager(fieldManager)
            .forceConflicts()
            .serverSideApply();
    return JSON.valueToTree(result);
  }

  void apply(ResourceDefinitionContext context, ObjectRef ref, ObjectNode desired) {
    resource(context, ref, desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
  }

  void jsonPatch(ResourceDefinitionContext context, ObjectRef ref, ArrayNode patch) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op = resources.client().genericKubernetesResources(context);
    Resource<GenericKubernetesResource> r =
        context.isNamespaceScoped()
            ? op.inNamespace(ref.namespace()).withName(ref.name())
            : op.withName(ref.name());
    r.patch(PatchContext.of(PatchType.JSON), patch.toString());
  }

  /** Deletes (background propagation) and waits until the object is gone or the timeout ends. */
  boolean deleteAndAwait(ResourceDefinitionContext context, ObjectRef ref, Duration timeout) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op = resources.client().genericKubernetesResources(context);
    Resource<GenericKubernetesResource> r =
        context.isNamespaceScoped()
            ? op.inNamespace(ref.namespace()).withName(ref.name())
            : op.withName(ref.name());
    r.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    Instant deadline = Instant.now().plus(timeout);
    while (r.get() != null) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}

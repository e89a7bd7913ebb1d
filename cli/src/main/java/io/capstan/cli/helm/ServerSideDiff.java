package io.capstan.cli.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.apply.Drift;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.inventory.InventoryEntry;
import io.capstan.runtime.inventory.ObjMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What applying a set of objects would change, as {@code flux diff} reports it: each object is
 * server-side applied with {@code dryRun=All} (the controller's field manager, conflicts forced)
 * and compared with the live object, ignoring server-maintained fields (toolkit-runtime's {@link
 * Drift}, the test the apply engine uses to skip unchanged objects); objects of the previous
 * inventory that are no longer rendered are reported deleted. Secret values are masked.
 */
final class ServerSideDiff {

  /** One change: {@code created}, {@code drifted} (with a diff) or {@code deleted}. */
  record Change(String action, String object, String diff) {}

  /** The dry-run failed for {@code object}. */
  static final class DiffException extends Exception {
    DiffException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiResources resources;
  private final String fieldManager;

  ServerSideDiff(ApiResources resources, String fieldManager) {
    this.resources = resources;
    this.fieldManager = fieldManager;
  }

  /** The changes, desired objects first (in order), then deletions (inventory order). */
  List<Change> diff(List<ObjectNode> desired, List<InventoryEntry> inventory) throws DiffException {
    List<Change> changes = new ArrayList<>();
    Set<String> rendered = new HashSet<>();
    for (ObjectNode object : desired) {
      String apiVersion = object.path("apiVersion").asText();
      String kind = object.path("kind").asText();
      String name = object.path("metadata").path("name").asText();
      String namespace = object.path("metadata").path("namespace").asText();
      String display = ObjectYaml.describe(object);
      ResourceDefinitionContext context =
          resources
              .find(apiVersion, kind)
              .orElseThrow(
                  () ->
                      new DiffException(
                          display
                              + " dry-run failed: no matches for kind \""
                              + kind
                              + "\" in version \""
                              + apiVersion
                              + "\"",
                          null));
      if (!context.isNamespaceScoped()) {
        namespace = "";
      }
      rendered.add(key(group(apiVersion), kind, namespace, name));
      var op = resources.client().genericKubernetesResources(context);
      var scoped = context.isNamespaceScoped() ? op.inNamespace(namespace) : op;
      JsonNode live;
      JsonNode dryRun;
      try {
        GenericKubernetesResource current = scoped.withName(name).get();
        live = current == null ? null : JSON.valueToTree(current);
        GenericKubernetesResource result =
            scoped
                .resource(JSON.convertValue(object, GenericKubernetesResource.class))
                .dryRun()
                .fieldManager(fieldManager)
                .forceConflicts()
                .serverSideApply();
        dryRun = JSON.valueToTree(result);
      } catch (KubernetesClientException e) {
        throw new DiffException(display + " dry-run failed: " + message(e), e);
      }
      if (live == null) {
        changes.add(new Change("created", display, ""));
      } else if (Drift.hasDrifted(live, dryRun)) {
        ObjectNode before = (ObjectNode) Drift.comparable(live);
        ObjectNode after = (ObjectNode) Drift.comparable(dryRun);
        ObjectYaml.maskPair(before, after);
        changes.add(
            new Change(
                "drifted",
                display,
                LineDiff.diff(ObjectYaml.yaml(before), ObjectYaml.yaml(after), 3)));
      }
    }
    for (InventoryEntry item : inventory) {
      ObjMetadata entry = item.metadata();
      String namespace = entry.namespace() == null ? "" : entry.namespace();
      if (rendered.contains(key(entry.group(), entry.kind(), namespace, entry.name()))) {
        continue;
      }
      Optional<ResourceDefinitionContext> context =
          resources.find(
              entry.group().isEmpty() ? item.v() : entry.group() + "/" + item.v(), entry.kind());
      if (context.isEmpty()) {
        continue;
      }
      var op = resources.client().genericKubernetesResources(context.get());
      GenericKubernetesResource live =
          context.get().isNamespaceScoped()
              ? op.inNamespace(namespace).withName(entry.name()).get()
              : op.withName(entry.name()).get();
      if (live != null) {
        changes.add(new Change("deleted", ObjectYaml.describe(JSON.valueToTree(live)), ""));
      }
    }
    return changes;
  }

  private static String message(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  private static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String key(String group, String kind, String namespace, String name) {
    return (group == null ? "" : group) + "_" + kind + "_" + namespace + "_" + name;
  }
}

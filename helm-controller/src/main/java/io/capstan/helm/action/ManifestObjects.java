package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Turns a release manifest into Kubernetes objects as Helm's {@code KubeClient.Build} does:
 * documents parsed, empty ones dropped, namespaced objects without a namespace put into the release
 * namespace, Helm's ownership metadata stamped ({@code app.kubernetes.io/managed-by: Helm}, {@code
 * meta.helm.sh/release-name}, {@code meta.helm.sh/release-namespace}).
 */
final class ManifestObjects {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String RELEASE_NAME = "meta.helm.sh/release-name";
  static final String RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";
  static final String RESOURCE_POLICY = "helm.sh/resource-policy";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestObjects() {}

  /** Parses the documents; fails with a message naming the document on YAML errors. */
  static List<ObjectNode> parse(String manifest) throws ActionException {
    List<ObjectNode> out = new ArrayList<>();
    if (manifest == null || manifest.isBlank()) {
      return out;
    }
    Iterable<Object> docs;
    try {
      docs = new Load(LoadSettings.builder().build()).loadAllFromString(manifest);
      for (Object doc : docs) {
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map<?, ?>)) {
          throw new ActionException("manifest document is not an object: " + doc);
        }
        JsonNode n = MAPPER.valueToTree(doc);
        if (n.path("kind").asText().isEmpty() || n.path("apiVersion").asText().isEmpty()) {
          throw new ActionException(
              "error validating data: apiVersion and kind must be set in every object");
        }
        out.add((ObjectNode) n);
      }
    } catch (RuntimeException e) {
      throw new ActionException("unable to build kubernetes objects: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Sets the release namespace on namespaced objects without one (unknown kinds are left alone: the
   * applier reports them) and, with {@code stamp}, Helm's ownership metadata.
   */
  static List<ObjectNode> prepare(
      List<ObjectNode> objects,
      ApiResources resources,
      String releaseName,
      String namespace,
      boolean stamp) {
    for (ObjectNode o : objects) {
      ObjectNode meta = o.with("metadata");
      if (meta.path("namespace").asText().isEmpty()) {
        Optional<ResourceDefinitionContext> ctx =
            resources.find(o.path("apiVersion").asText(), o.path("kind").asText());
        if (ctx.isPresent() && ctx.get().isNamespaceScoped()) {
          meta.put("namespace", namespace);
        }
      }
      if (stamp) {
        meta.with("labels").put(MANAGED_BY, "Helm");
        meta.with("annotations").put(RELEASE_NAME, releaseName);
        meta.with("annotations").put(RELEASE_NAMESPACE, namespace);
      }
    }
    return objects;
  }

  static ObjectRef ref(JsonNode o) {
    String ns = o.path("metadata").path("namespace").asText();
    return new ObjectRef(
        o.path("apiVersion").asText(),
        o.path("kind").asText(),
        ns.isEmpty() ? null : ns,
        o.path("metadata").path("name").asText());
  }

  /** Whether the object carries {@code helm.sh/resource-policy: keep}. */
  static boolean keep(JsonNode o) {
    return "keep"
        .equalsIgnoreCase(
            o.path("metadata").path("annotations").path(RESOURCE_POLICY).asText().strip());
  }

  /** {@code Kind/namespace/name} or {@code Kind/name}. */
  static String describe(ObjectRef r) {
    return r.namespace() == null || r.namespace().isEmpty()
        ? r.kind() + "/" + r.name()
        : r.kind() + "/" + r.namespace() + "/" + r.name();
  }
}

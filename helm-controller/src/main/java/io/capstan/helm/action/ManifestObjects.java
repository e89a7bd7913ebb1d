package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.engine.GoYaml;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * Parses the documents as Kubernetes reads YAML (go-yaml v2 scalars through helm-engine's {@code
   * GoYaml}: {@code 0644} is 420, {@code yes} is true), whole numbers as integers; fails with the
   * YAML error.
   */
  static List<ObjectNode> parse(String manifest) throws ActionException {
    List<ObjectNode> out = new ArrayList<>();
    if (manifest == null || manifest.isBlank()) {
      return out;
    }
    List<Object> docs;
    try {
      docs = GoYaml.parseAll(manifest);
    } catch (GoYaml.YamlException e) {
      throw new ActionException("unable to build kubernetes objects: " + e.getMessage(), e);
    }
    for (Object doc : docs) {
      if (doc == null || (doc instanceof Map<?, ?> m && m.isEmpty())) {
        continue;
      }
      if (!(doc instanceof Map<?, ?>)) {
        throw new ActionException(
            "unable to build kubernetes objects: a document is not an object: " + doc);
      }
      JsonNode n = MAPPER.valueToTree(integers(doc));
      if (n.path("kind").asText().isEmpty() || n.path("apiVersion").asText().isEmpty()) {
        throw new ActionException(
            "unable to build kubernetes objects: apiVersion and kind must be set in every"
                + " object");
      }
      out.add((ObjectNode) n);
    }
    return out;
  }

  /** go-yaml gives float64 for every number; JSON for the API server wants 1, not 1.0. */
  private static Object integers(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), integers(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(integers(v)));
      return out;
    }
    if (o instanceof Double d
        && !d.isInfinite()
        && d == Math.rint(d)
        && Math.abs(d) < 9.007199254740992E15) {
      return d.longValue();
    }
    return o;
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

package io.capstan.runtime.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.cel.ReadyExpression;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an object named in {@code dependsOn} (a Kustomization, a HelmRelease: any kind with
 * Flux's status conditions) is ready, as Flux checks it: it must exist; a {@code readyExpr} (CEL
 * over {@code self} and {@code dep}) must be true and then replaces the built-in check unless the
 * {@code AdditiveCELDependencyCheck} gate is on; the built-in check wants the observed generation
 * and {@code Ready=True}.
 */
public final class DependencyReadiness {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DependencyReadiness() {}

  /**
   * Null when the {@code apiVersion}/{@code kind} object {@code namespace/name} exists, has
   * observed its generation and is {@code Ready=True}; otherwise a message saying why not.
   */
  public static String notReady(
      KubernetesClient client, String apiVersion, String kind, String namespace, String name) {
    return notReady(client, apiVersion, kind, namespace, name, null, null, false);
  }

  /**
   * As {@link #notReady(KubernetesClient, String, String, String, String)} with the dependency's
   * {@code readyExpr} evaluated against {@code self}; an evaluation error is a not-ready message.
   *
   * @throws CelExpressionException when {@code readyExpr} does not compile
   */
  public static String notReady(
      KubernetesClient client,
      String apiVersion,
      String kind,
      String namespace,
      String name,
      String readyExpr,
      JsonNode self,
      boolean additive) {
    GenericKubernetesResource dep =
        client
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(namespace)
            .withName(name)
            .get();
    String id = "'" + namespace + "/" + name + "'";
    if (dep == null) {
      return "dependency " + id + " not found";
    }
    if (readyExpr != null && !readyExpr.isBlank()) {
      ReadyExpression expression = ReadyExpression.compile(name, readyExpr);
      try {
        if (!expression.isReady(self, JSON.valueToTree(dep))) {
          return "dependency " + id + " is not ready according to readyExpr eval";
        }
      } catch (CelExpressionException e) {
        return e.getMessage();
      }
      if (!additive) {
        return null;
      }
    }
    Object status = dep.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s)) {
      return "dependency " + id + " is not ready";
    }
    Object observed = s.get("observedGeneration");
    Long generation = dep.getMetadata().getGeneration();
    if (!(observed instanceof Number n) || !Objects.equals(n.longValue(), generation)) {
      return "dependency " + id + " is not ready";
    }
    if (s.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> m && ConditionTypes.READY.equals(m.get("type"))) {
          return "True".equals(m.get("status")) ? null : "dependency " + id + " is not ready";
        }
      }
    }
    return "dependency " + id + " is not ready";
  }
}

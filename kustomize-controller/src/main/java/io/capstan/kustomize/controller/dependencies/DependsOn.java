package io.capstan.kustomize.controller.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.kustomize.v1.GroupVersion;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.Reasons;
import io.capstan.kustomize.controller.KustomizationConditions;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.dependencies.DependencyReadiness;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Flux's {@code spec.dependsOn} gate: every Kustomization named there must be ready (see {@link
 * DependencyReadiness}) before this one is built and applied.
 *
 * @param client reads the dependencies with the controller's identity
 * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}
 * @param requeueDependency {@code --requeue-dependency}: the retry delay while one is not ready
 * @param additiveCelCheck the {@code AdditiveCELDependencyCheck} feature gate
 */
public record DependsOn(
    KubernetesClient client,
    boolean noCrossNamespaceRefs,
    Duration requeueDependency,
    boolean additiveCelCheck) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the client and delay. */
  public DependsOn {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(requeueDependency, "requeueDependency");
  }

  /**
   * Returns when every dependency of {@code k} is ready.
   *
   * @throws ReconcileError.Stalling {@code AccessDenied} for a blocked cross-namespace dependency,
   *     {@code InvalidCELExpression} for a {@code readyExpr} that does not compile
   * @throws ReconcileError.Waiting {@code DependencyNotReady}, retried after {@code
   *     requeueDependency}
   */
  public void check(Kustomization k) {
    if (k.getSpec().getDependsOn() == null) {
      return;
    }
    for (DependencyReference dependency : k.getSpec().getDependsOn()) {
      String namespace =
          dependency.getNamespace() == null || dependency.getNamespace().isEmpty()
              ? k.getMetadata().getNamespace()
              : dependency.getNamespace();
      if (noCrossNamespaceRefs && !namespace.equals(k.getMetadata().getNamespace())) {
        throw new ReconcileError.Stalling(
            Reasons.ACCESS_DENIED,
            "can't access '"
                + Kustomization.KIND
                + "/"
                + namespace
                + "/"
                + dependency.getName()
                + "', cross-namespace references have been blocked");
      }
      String message = notReady(k, namespace, dependency);
      if (message != null) {
        throw new ReconcileError.Waiting(
            Reasons.DEPENDENCY_NOT_READY,
            "Dependencies do not meet ready condition ("
                + message
                + "), retrying in "
                + GoDuration.format(requeueDependency),
            requeueDependency);
      }
    }
  }

  private String notReady(Kustomization k, String namespace, DependencyReference dependency) {
    try {
      JsonNode self = dependency.getReadyExpr() == null ? null : (JsonNode) JSON.valueToTree(k);
      return DependencyReadiness.notReady(
          client,
          GroupVersion.API_VERSION,
          Kustomization.KIND,
          namespace,
          dependency.getName(),
          dependency.getReadyExpr(),
          self,
          additiveCelCheck);
    } catch (CelExpressionException e) {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_CEL_EXPRESSION,
          KustomizationConditions.TERMINAL_MESSAGE + e.getMessage());
    }
  }
}

package io.capstan.kustomize.controller.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.kustomize.v1.CrossNamespaceSourceReference;
import io.capstan.api.kustomize.v1.GroupVersion;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.DependencyReference;
import io.capstan.api.meta.Reasons;
import io.capstan.kustomize.controller.KustomizationConditions;
import io.capstan.kustomize.controller.source.SourceArtifact;
import io.capstan.kustomize.controller.source.SourceRevisionWatch;
import io.capstan.runtime.cel.CelExpressionException;
import io.capstan.runtime.dependencies.DependencyReadiness;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
      if (message == null && builtInCheck(dependency)) {
        message = revisionNotUpToDate(k, namespace, dependency.getName());
      }
      if (message != null) {
        // Flux: Ready gets the dependency's error, the Normal event the retry.
        throw new ReconcileError.Waiting(Reasons.DEPENDENCY_NOT_READY, message, requeueDependency)
            .withEventMessage(
                "Dependencies do not meet ready condition, retrying in "
                    + GoDuration.format(requeueDependency));
      }
    }
  }

  /** Flux skips the built-in check (and so the revision check) for a lone {@code readyExpr}. */
  private boolean builtInCheck(DependencyReference dependency) {
    return dependency.getReadyExpr() == null
        || dependency.getReadyExpr().isBlank()
        || additiveCelCheck;
  }

  /**
   * Flux's same-source rule: a ready dependency built from the same source (kind, name and
   * namespace, each defaulting to its own namespace) must have applied the revision the source
   * holds now, else "dependency 'ns/name' revision is not up to date". Null when it has, when the
   * sources differ, or when the source or its artifact cannot be read (the source step reports
   * that).
   */
  private String revisionNotUpToDate(Kustomization k, String namespace, String name) {
    CrossNamespaceSourceReference own = k.getSpec().getSourceRef();
    if (own == null || own.getKind() == null || own.getName() == null) {
      return null;
    }
    GenericKubernetesResource dep =
        client
            .genericKubernetesResources(GroupVersion.API_VERSION, Kustomization.KIND)
            .inNamespace(namespace)
            .withName(name)
            .get();
    if (dep == null) {
      return null;
    }
    JsonNode depJson = JSON.valueToTree(dep);
    JsonNode depRef = depJson.path("spec").path("sourceRef");
    String depSourceNamespace =
        depRef.path("namespace").asText("").isEmpty()
            ? namespace
            : depRef.path("namespace").asText();
    String ownSourceNamespace =
        own.getNamespace() == null || own.getNamespace().isEmpty()
            ? k.getMetadata().getNamespace()
            : own.getNamespace();
    if (!own.getKind().name().equals(depRef.path("kind").asText())
        || !own.getName().equals(depRef.path("name").asText())
        || !ownSourceNamespace.equals(depSourceNamespace)) {
      return null;
    }
    GenericKubernetesResource source =
        client
            .genericKubernetesResources(
                SourceRevisionWatch.SOURCE_API_VERSION, own.getKind().name())
            .inNamespace(ownSourceNamespace)
            .withName(own.getName())
            .get();
    Optional<Artifact> artifact =
        source == null ? Optional.empty() : SourceArtifact.artifactOf(source);
    if (artifact.isEmpty()
        || artifact.get().getRevision() == null
        || artifact
            .get()
            .getRevision()
            .equals(depJson.path("status").path("lastAppliedRevision").asText(null))) {
      return null;
    }
    return "dependency '" + namespace + "/" + name + "' revision is not up to date";
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

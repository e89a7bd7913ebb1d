package io.capstan.kustomize.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.DependencyReference;
import io.capstan.kustomize.controller.cel.CelExpressionException;
import io.capstan.kustomize.controller.cel.CustomHealthChecks;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The build-side parts of the Kustomization reconcile that {@link KustomizationReconciler} calls
 * into: CEL validation ({@code healthCheckExprs}, {@code dependsOn[].readyExpr}), post-build
 * substitution, {@code commonMetadata} and {@code ignore}. Each turns its failure into the
 * reconcile error Flux reports.
 */
final class BuildSteps {

  /** Reason of an expression that does not compile (Flux's {@code InvalidCELExpression}). */
  static final String INVALID_CEL_EXPRESSION = "InvalidCELExpression";

  /** Flux's prefix of a terminal configuration error. */
  static final String TERMINAL_MESSAGE =
      "Reconciliation failed terminally due to configuration error: ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BuildSteps() {}

  /**
   * Stalls ({@code InvalidCELExpression}) when a {@code healthCheckExprs} entry does not compile.
   */
  static StepResult checkHealthCheckExprs(ReconcileContext<Kustomization> context) {
    try {
      CustomHealthChecks.compile(context.resource().getSpec().getHealthCheckExprs());
    } catch (CelExpressionException e) {
      throw new ReconcileError.Stalling(INVALID_CEL_EXPRESSION, TERMINAL_MESSAGE + e.getMessage());
    }
    return StepResult.SUCCESS;
  }

  /**
   * Null when the dependency is ready (see {@link DependencyReadiness}), else why not.
   *
   * @throws ReconcileError.Stalling {@code InvalidCELExpression} when its {@code readyExpr} does
   *     not compile
   */
  static String dependencyNotReady(
      KubernetesClient client,
      Kustomization k,
      String namespace,
      DependencyReference dependency,
      FeatureGates features) {
    try {
      JsonNode self = dependency.getReadyExpr() == null ? null : (JsonNode) JSON.valueToTree(k);
      return DependencyReadiness.notReady(
          client,
          namespace,
          dependency.getName(),
          dependency.getReadyExpr(),
          self,
          features.additiveCelDependencyCheck());
    } catch (CelExpressionException e) {
      throw new ReconcileError.Stalling(INVALID_CEL_EXPRESSION, TERMINAL_MESSAGE + e.getMessage());
    }
  }

  /**
   * The built objects after post-build substitution and {@code commonMetadata}.
   *
   * @throws ReconcileError.Waiting {@code BuildFailed} when substitution fails; values read from
   *     Secrets are handed to {@code secretValues} first (to be redacted from messages)
   */
  static List<JsonNode> postBuild(
      KubernetesClient client,
      Kustomization k,
      List<JsonNode> objects,
      FeatureGates features,
      Consumer<String> secretValues,
      Duration retry) {
    List<JsonNode> substituted;
    try {
      substituted =
          PostBuildVariables.substitute(
              client, k, objects, features.strictPostBuildSubstitutions(), secretValues);
    } catch (IOException e) {
      throw new ReconcileError.Waiting(KustomizationReconciler.BUILD_FAILED, e.getMessage(), retry)
          .withEvent(EventType.WARNING);
    } catch (RuntimeException e) {
      throw new ReconcileError.Waiting(
              KustomizationReconciler.BUILD_FAILED,
              "post-build substitution failed: " + e.getMessage(),
              retry)
          .withEvent(EventType.WARNING);
    }
    return CommonMetadataTransformer.apply(substituted, k.getSpec().getCommonMetadata());
  }

  /**
   * The objects with {@code spec.ignore} fields removed from those already in the cluster.
   *
   * @throws ReconcileError.Waiting {@code ReconciliationFailed} for a malformed rule
   */
  static List<JsonNode> ignoreDriftOf(
      ApiResources resources, Kustomization k, List<JsonNode> objects, Duration retry) {
    try {
      return DriftIgnoreRules.strip(objects, k.getSpec().getIgnore(), o -> exists(resources, o));
    } catch (RuntimeException e) {
      throw new ReconcileError.Waiting(
              "ReconciliationFailed", "invalid spec.ignore: " + e.getMessage(), retry)
          .withEvent(EventType.WARNING);
    }
  }

  private static boolean exists(ApiResources resources, JsonNode object) {
    JsonNode metadata = object.path("metadata");
    ObjectRef ref =
        new ObjectRef(
            object.path("apiVersion").asText(),
            object.path("kind").asText(),
            metadata.path("namespace").asText(""),
            metadata.path("name").asText());
    try {
      return resources.resource(ref).get() != null;
    } catch (ApiResources.UnknownKindException | KubernetesClientException e) {
      return false;
    }
  }
}

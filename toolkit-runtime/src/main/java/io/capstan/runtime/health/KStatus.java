package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.meta.ConditionTypes;
import java.util.Optional;

/**
 * Computes the kstatus health of an object from its JSON alone, following the rules of {@code
 * sigs.k8s.io/cli-utils/pkg/kstatus/status}: a deletion timestamp means Terminating; {@code
 * Stalled=True} means Failed and {@code Reconciling=True} InProgress; a stale {@code
 * status.observedGeneration} means InProgress; then per-kind rules for the built-in workload kinds,
 * Pods, PVCs, Services, CRDs and Namespaces; any other kind is judged by its {@code Ready}
 * condition when it has one, else Current.
 */
public final class KStatus {

  private KStatus() {}

  /** The health of {@code object} (never null); a missing or kind-less object is Unknown. */
  public static Health compute(JsonNode object) {
    if (object == null || object.isMissingNode() || object.isNull()) {
      return new Health(HealthStatus.NOT_FOUND, "object not found");
    }
    ObjectView o = new ObjectView(object);
    if (o.kind().isEmpty()) {
      return new Health(HealthStatus.UNKNOWN, "object has no kind");
    }
    if (o.has("/metadata/deletionTimestamp")) {
      return new Health(HealthStatus.TERMINATING, "resource scheduled for deletion");
    }
    Optional<Health> generic = genericProperties(o);
    if (generic.isPresent()) {
      return generic.get();
    }
    return switch (builtIn(o)) {
      case "apps/Deployment" -> WorkloadRules.deployment(o);
      case "apps/StatefulSet" -> WorkloadRules.statefulSet(o);
      case "apps/DaemonSet" -> WorkloadRules.daemonSet(o);
      case "apps/ReplicaSet" -> WorkloadRules.replicaSet(o);
      case "batch/Job" -> ObjectRules.job(o);
      case "/Pod" -> ObjectRules.pod(o);
      case "/PersistentVolumeClaim" -> ObjectRules.persistentVolumeClaim(o);
      case "/Service" -> ObjectRules.service(o);
      case "/Namespace" -> ObjectRules.namespace(o);
      case "apiextensions.k8s.io/CustomResourceDefinition" -> ObjectRules.crd(o);
      default -> ObjectRules.readyCondition(o);
    };
  }

  private static String builtIn(ObjectView o) {
    return o.group() + "/" + o.kind();
  }

  /** kstatus' checks that apply to every kind, before the kind-specific ones. */
  private static Optional<Health> genericProperties(ObjectView o) {
    long generation = o.number("/metadata/generation", 0);
    if (o.has("/status/observedGeneration")) {
      long observed = o.number("/status/observedGeneration", 0);
      if (observed != generation) {
        return Optional.of(
            Health.inProgress(
                "%s generation is %d, but latest observed generation is %d"
                    .formatted(o.kind(), generation, observed)));
      }
    }
    Optional<ObjectView.Condition> reconciling = o.condition(ConditionTypes.RECONCILING);
    if (reconciling.isPresent() && reconciling.get().isTrue()) {
      return Optional.of(
          Health.inProgress(messageOr(reconciling.get(), ConditionTypes.RECONCILING)));
    }
    Optional<ObjectView.Condition> stalled = o.condition(ConditionTypes.STALLED);
    if (stalled.isPresent() && stalled.get().isTrue()) {
      return Optional.of(Health.failed(messageOr(stalled.get(), ConditionTypes.STALLED)));
    }
    return Optional.empty();
  }

  static String messageOr(ObjectView.Condition c, String fallback) {
    if (!c.message().isEmpty()) {
      return c.message();
    }
    return c.reason().isEmpty() ? fallback : c.reason();
  }

  /** Convenience for callers holding a node that might be absent. */
  static boolean missing(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }
}

package io.capstan.runtime.apply;

import io.capstan.runtime.health.ObjectRef;
import java.util.Comparator;
import java.util.List;

/**
 * Flux's apply stages and order. Stage 0: cluster definitions (CRDs, Namespaces, ClusterRoles);
 * stage 1: class kinds ({@code *Class}, e.g. StorageClass, IngressClass); stage 2: everything else,
 * cluster-scoped before namespaced. Prune uses the reverse order.
 */
public final class ApplyOrder {

  private static final List<String> KIND_ORDER =
      List.of(
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ResourceQuota",
          "LimitRange",
          "PodSecurityPolicy",
          "PodDisruptionBudget",
          "ServiceAccount",
          "Secret",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicationController",
          "ReplicaSet",
          "Deployment",
          "HorizontalPodAutoscaler",
          "StatefulSet",
          "Job",
          "CronJob",
          "Ingress",
          "APIService");

  private ApplyOrder() {}

  /** The stage (0, 1 or 2) of an object. */
  public static int stage(ObjectRef ref) {
    if (isDefinition(ref) || ref.kind().equals("ClusterRole")) {
      return 0;
    }
    return ref.kind().endsWith("Class") ? 1 : 2;
  }

  /** True for CRDs and Namespaces, which later objects may need to exist first. */
  public static boolean isDefinition(ObjectRef ref) {
    return (ref.kind().equals("CustomResourceDefinition")
            && ref.group().equals("apiextensions.k8s.io"))
        || (ref.kind().equals("Namespace") && ref.group().isEmpty());
  }

  /** Apply order: by stage, then cluster-scoped first, then a kind order, then name. */
  public static Comparator<ObjectRef> applyOrder() {
    return Comparator.comparingInt(ApplyOrder::stage)
        .thenComparing(ref -> !ref.namespace().isEmpty())
        .thenComparingInt(ApplyOrder::kindRank)
        .thenComparing(ObjectRef::kind)
        .thenComparing(ObjectRef::namespace)
        .thenComparing(ObjectRef::name);
  }

  /** Prune order: the reverse of {@link #applyOrder()}. */
  public static Comparator<ObjectRef> pruneOrder() {
    return applyOrder().reversed();
  }

  private static int kindRank(ObjectRef ref) {
    int i = KIND_ORDER.indexOf(ref.kind());
    return i < 0 ? KIND_ORDER.size() : i;
  }
}

package io.capstan.kustomize.engine.patch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Strategic-merge metadata of the built-in Kubernetes kinds, reduced to the lists that merge by
 * key. Source: the {@code patchStrategy}/{@code patchMergeKey} struct tags and {@code
 * x-kubernetes-list-map-keys} of k8s.io/api (core/v1, apps/v1, batch/v1, admissionregistration/v1,
 * meta/v1) as published in the Kubernetes OpenAPI document that kustomize embeds. Lists not named
 * here are replaced by a patch, as they are for kinds without a schema.
 */
final class BuiltinSchemas {
  private static final Map<String, SchemaNode> BY_KIND = new HashMap<>();
  private static final Map<String, SchemaNode> BY_DEFINITION = new HashMap<>();

  static {
    SchemaNode meta = obj();
    meta.properties.put("finalizers", list("merge", List.of(), null));
    meta.properties.put("ownerReferences", list("merge", List.of("uid"), null));

    SchemaNode container = obj();
    container.properties.put("ports", list("merge", List.of("containerPort", "protocol"), null));
    container.properties.put("env", list("merge", List.of("name"), null));
    container.properties.put("volumeMounts", list("merge", List.of("mountPath"), null));
    container.properties.put("volumeDevices", list("merge", List.of("devicePath"), null));

    SchemaNode podSpec = obj();
    podSpec.properties.put("containers", list("merge", List.of("name"), container));
    podSpec.properties.put("initContainers", list("merge", List.of("name"), container));
    podSpec.properties.put("ephemeralContainers", list("merge", List.of("name"), container));
    podSpec.properties.put("volumes", list("merge,retainKeys", List.of("name"), null));
    podSpec.properties.put("imagePullSecrets", list("merge", List.of("name"), null));
    podSpec.properties.put("hostAliases", list("merge", List.of("ip"), null));
    podSpec.properties.put(
        "topologySpreadConstraints",
        list("merge", List.of("topologyKey", "whenUnsatisfiable"), null));
    podSpec.properties.put("resourceClaims", list("merge,retainKeys", List.of("name"), null));
    podSpec.properties.put("schedulingGates", list("merge", List.of("name"), null));

    SchemaNode template = obj();
    template.properties.put("metadata", meta);
    template.properties.put("spec", podSpec);
    BY_DEFINITION.put("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", meta);
    BY_DEFINITION.put("io.k8s.api.core.v1.Container", container);
    BY_DEFINITION.put("io.k8s.api.core.v1.EphemeralContainer", container);
    BY_DEFINITION.put("io.k8s.api.core.v1.PodSpec", podSpec);
    BY_DEFINITION.put("io.k8s.api.core.v1.PodTemplateSpec", template);

    SchemaNode workloadSpec = obj();
    workloadSpec.properties.put("template", template);
    for (String k :
        List.of(
            "apps/Deployment",
            "apps/StatefulSet",
            "apps/DaemonSet",
            "apps/ReplicaSet",
            "extensions/Deployment",
            "extensions/DaemonSet",
            "extensions/ReplicaSet",
            "/ReplicationController",
            "batch/Job",
            "/PodTemplate")) {
      SchemaNode root = root(meta);
      root.properties.put(
          k.equals("/PodTemplate") ? "template" : "spec",
          k.equals("/PodTemplate") ? template : workloadSpec);
      BY_KIND.put(k, root);
    }
    SchemaNode jobTemplate = obj();
    jobTemplate.properties.put("metadata", meta);
    jobTemplate.properties.put("spec", workloadSpec);
    SchemaNode cronSpec = obj();
    cronSpec.properties.put("jobTemplate", jobTemplate);
    SchemaNode cron = root(meta);
    cron.properties.put("spec", cronSpec);
    BY_KIND.put("batch/CronJob", cron);

    SchemaNode pod = root(meta);
    pod.properties.put("spec", podSpec);
    BY_KIND.put("/Pod", pod);

    SchemaNode serviceSpec = obj();
    serviceSpec.properties.put("ports", list("merge", List.of("port", "protocol"), null));
    SchemaNode service = root(meta);
    service.properties.put("spec", serviceSpec);
    BY_KIND.put("/Service", service);

    for (String k :
        List.of(
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration")) {
      SchemaNode r = root(meta);
      r.properties.put("webhooks", list("merge", List.of("name"), null));
      BY_KIND.put(k, r);
    }
    for (String k :
        List.of(
            "/ConfigMap",
            "/Secret",
            "/Namespace",
            "/ServiceAccount",
            "/PersistentVolume",
            "/PersistentVolumeClaim",
            "/Endpoints",
            "/LimitRange",
            "/ResourceQuota",
            "/Node",
            "/Event",
            "rbac.authorization.k8s.io/Role",
            "rbac.authorization.k8s.io/ClusterRole",
            "rbac.authorization.k8s.io/RoleBinding",
            "rbac.authorization.k8s.io/ClusterRoleBinding",
            "networking.k8s.io/Ingress",
            "extensions/Ingress",
            "networking.k8s.io/NetworkPolicy",
            "networking.k8s.io/IngressClass",
            "policy/PodDisruptionBudget",
            "autoscaling/HorizontalPodAutoscaler",
            "storage.k8s.io/StorageClass",
            "scheduling.k8s.io/PriorityClass",
            "apiextensions.k8s.io/CustomResourceDefinition",
            "apiregistration.k8s.io/APIService",
            "coordination.k8s.io/Lease",
            "discovery.k8s.io/EndpointSlice",
            "certificates.k8s.io/CertificateSigningRequest",
            "node.k8s.io/RuntimeClass",
            "policy/PodSecurityPolicy")) {
      BY_KIND.put(k, root(meta));
    }
  }

  private BuiltinSchemas() {}

  /** A built-in definition by its OpenAPI name (io.k8s.api.core.v1.PodSpec, ...), or null. */
  static SchemaNode forDefinition(String name) {
    return BY_DEFINITION.get(name);
  }

  /** The schema of a built-in kind, or null for unknown (custom) kinds. */
  static SchemaNode forKind(String group, String kind) {
    return BY_KIND.get(group + "/" + kind);
  }

  private static SchemaNode obj() {
    return new SchemaNode();
  }

  private static SchemaNode root(SchemaNode meta) {
    SchemaNode r = new SchemaNode();
    r.properties.put("metadata", meta);
    return r;
  }

  private static SchemaNode list(String strategy, List<String> keys, SchemaNode items) {
    return new SchemaNode().list(strategy, keys, items);
  }
}

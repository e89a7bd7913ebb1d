package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.Health;
import io.capstan.runtime.health.HealthStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's legacy readiness rules ({@code pkg/kube/ready.go} of Helm v4, the rules of Helm 3's {@code
 * --wait}), used for Flux's {@code waitStrategy: legacy} instead of kstatus. Every kind is judged
 * (kinds without a rule are ready once they exist):
 *
 * <ul>
 *   <li>Deployment: paused is ready; else its new ReplicaSet (owned, same pod template ignoring
 *       {@code pod-template-hash}) exists and observed its generation, the Deployment observed its
 *       generation, and the new ReplicaSet has at least {@code replicas - maxUnavailable} ready
 *       Pods;
 *   <li>StatefulSet: generation observed; with RollingUpdate, {@code replicas - partition} Pods
 *       updated, all {@code replicas} ready and (without partition) current = update revision;
 *   <li>DaemonSet: generation observed; with RollingUpdate, all updated Pods scheduled and at least
 *       {@code desired - maxUnavailable} ready;
 *   <li>ReplicaSet / ReplicationController: generation observed and every selected Pod ready;
 *   <li>Pod: condition Ready=True; PersistentVolumeClaim: phase Bound; Service: ExternalName, or a
 *       ClusterIP and, for LoadBalancer, external IPs or an ingress; Job: not failed beyond its
 *       backoffLimit (Failed) and all completions succeeded; CRD: Established (or names not
 *       accepted).
 * </ul>
 *
 * Unlike kstatus, a Deployment is ready with {@code maxUnavailable} Pods missing and other kinds'
 * {@code Ready} conditions are ignored; unlike kstatus, a Deployment whose new ReplicaSet is
 * missing is not ready even if its status says all replicas are available.
 */
public final class LegacyReadiness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HASH_LABEL = "pod-template-hash";

  private final KubernetesClient client;

  /** Rules that list ReplicaSets and Pods through {@code client}. */
  public LegacyReadiness(KubernetesClient client) {
    this.client = client;
  }

  /** The legacy readiness of the live {@code object}: Current, InProgress or (Jobs) Failed. */
  public Health assess(JsonNode object) {
    String kind = object.path("kind").asText();
    String group = object.path("apiVersion").asText();
    group = group.contains("/") ? group.substring(0, group.indexOf('/')) : "";
    String reason =
        switch (group + "/" + kind) {
          case "/Pod" -> podReady(object) ? null : "Pod is not ready";
          case "batch/Job" -> job(object);
          case "apps/Deployment" -> deployment(object);
          case "/PersistentVolumeClaim" ->
              "Bound".equals(object.path("status").path("phase").asText())
                  ? null
                  : "PersistentVolumeClaim is not bound";
          case "/Service" -> service(object);
          case "apps/DaemonSet" -> daemonSet(object);
          case "apiextensions.k8s.io/CustomResourceDefinition" -> crd(object);
          case "apps/StatefulSet" -> statefulSet(object);
          case "apps/ReplicaSet", "/ReplicationController" -> replicas(object, kind);
          default -> null;
        };
    if (reason == null) {
      return new Health(HealthStatus.CURRENT, kind + " is ready");
    }
    if (reason.startsWith("job is failed")) {
      return new Health(HealthStatus.FAILED, reason);
    }
    return new Health(HealthStatus.IN_PROGRESS, reason);
  }

  private static boolean podReady(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String job(JsonNode job) {
    long failed = job.path("status").path("failed").asLong();
    long backoffLimit = job.path("spec").path("backoffLimit").asLong(6);
    if (failed > backoffLimit) {
      return "job is failed: " + namespaced(job);
    }
    JsonNode completions = job.path("spec").path("completions");
    if (completions.isNumber()
        && job.path("status").path("succeeded").asLong() < completions.asLong()) {
      return "Job is not completed";
    }
    return null;
  }

  private String deployment(JsonNode dep) {
    JsonNode spec = dep.path("spec");
    if (spec.path("paused").asBoolean(false)) {
      return null;
    }
    JsonNode rs = newReplicaSet(dep);
    if (rs == null) {
      return "Deployment has no new ReplicaSet yet";
    }
    if (!generationObserved(rs)) {
      return "ReplicaSet " + rs.path("metadata").path("name").asText() + " is not observed yet";
    }
    if (!generationObserved(dep)) {
      return "Deployment is not ready, observedGeneration does not match spec generation";
    }
    int replicas = spec.path("replicas").asInt(1);
    int expected = replicas - maxUnavailable(spec, replicas);
    int ready = rs.path("status").path("readyReplicas").asInt(0);
    if (ready < expected) {
      return "Deployment does not have enough pods ready (" + ready + "/" + expected + ")";
    }
    return null;
  }

  /** Helm's {@code deploymentutil.MaxUnavailable}. */
  static int maxUnavailable(JsonNode spec, int replicas) {
    JsonNode strategy = spec.path("strategy");
    String type = strategy.path("type").asText("RollingUpdate");
    if (!"RollingUpdate".equals(type) || replicas == 0) {
      return 0;
    }
    JsonNode rolling = strategy.path("rollingUpdate");
    int surge = scaled(rolling.path("maxSurge"), "25%", replicas, true);
    int unavailable = scaled(rolling.path("maxUnavailable"), "25%", replicas, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return Math.min(unavailable, replicas);
  }

  /** {@code intstr.GetScaledValueFromIntOrPercent}. */
  static int scaled(JsonNode value, String fallback, int total, boolean roundUp) {
    if (value.isInt() || value.isLong()) {
      return value.asInt();
    }
    String s = value.isTextual() ? value.asText() : fallback;
    if (!s.endsWith("%")) {
      return Integer.parseInt(s);
    }
    double v = Integer.parseInt(s.substring(0, s.length() - 1)) * (double) total / 100;
    return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
  }

  /**
   * The oldest ReplicaSet the Deployment controls whose pod template equals the Deployment's,
   * ignoring the {@code pod-template-hash} label (Helm's {@code FindNewReplicaSet}).
   */
  private JsonNode newReplicaSet(JsonNode dep) {
    String uid = dep.path("metadata").path("uid").asText();
    JsonNode template = withoutHash(dep.path("spec").path("template"));
    List<JsonNode> owned = new ArrayList<>();
    for (GenericKubernetesResource r :
        client
            .genericKubernetesResources("apps/v1", "ReplicaSet")
            .inNamespace(dep.path("metadata").path("namespace").asText())
            .withLabels(matchLabels(dep))
            .list()
            .getItems()) {
      JsonNode rs = JSON.valueToTree(r);
      for (JsonNode owner : rs.path("metadata").path("ownerReferences")) {
        if (owner.path("controller").asBoolean(false) && uid.equals(owner.path("uid").asText())) {
          owned.add(rs);
        }
      }
    }
    owned.sort(Comparator.comparing(rs -> rs.path("metadata").path("creationTimestamp").asText()));
    for (JsonNode rs : owned) {
      if (withoutHash(rs.path("spec").path("template")).equals(template)) {
        return rs;
      }
    }
    return null;
  }

  /**
   * The pod template without the {@code pod-template-hash} label and without empty objects and
   * arrays (a typed and a generic read of the same object differ only there).
   */
  private static JsonNode withoutHash(JsonNode template) {
    JsonNode copy = template.deepCopy();
    JsonNode labels = copy.path("metadata").path("labels");
    if (labels instanceof ObjectNode o) {
      o.remove(HASH_LABEL);
    }
    prune(copy);
    return copy;
  }

  private static void prune(JsonNode node) {
    if (node instanceof ObjectNode o) {
      var names = new ArrayList<String>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        JsonNode v = o.get(n);
        prune(v);
        if (v.isNull() || (v.isContainerNode() && v.isEmpty())) {
          o.remove(n);
        }
      }
    } else if (node.isArray()) {
      node.forEach(LegacyReadiness::prune);
    }
  }

  private static Map<String, String> matchLabels(JsonNode workload) {
    Map<String, String> labels = new LinkedHashMap<>();
    workload
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    if (labels.isEmpty() && workload.path("spec").path("selector").isObject()) {
      // ReplicationController: the selector is the label map itself.
      workload
          .path("spec")
          .path("selector")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  labels.put(e.getKey(), e.getValue().asText());
                }
              });
    }
    return labels;
  }

  private static String service(JsonNode svc) {
    JsonNode spec = svc.path("spec");
    String type = spec.path("type").asText("ClusterIP");
    if ("ExternalName".equals(type)) {
      return null;
    }
    if (spec.path("clusterIP").asText().isEmpty()) {
      return "Service does not have cluster IP address";
    }
    if ("LoadBalancer".equals(type)
        && spec.path("externalIPs").isEmpty()
        && !svc.path("status").path("loadBalancer").path("ingress").isArray()) {
      return "Service does not have load balancer ingress IP address";
    }
    return null;
  }

  private static String daemonSet(JsonNode ds) {
    if (!generationObserved(ds)) {
      return "DaemonSet is not ready, observedGeneration does not match spec generation";
    }
    JsonNode strategy = ds.path("spec").path("updateStrategy");
    if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
      return null;
    }
    JsonNode st = ds.path("status");
    int desired = st.path("desiredNumberScheduled").asInt(0);
    if (st.path("updatedNumberScheduled").asInt(0) != desired) {
      return "DaemonSet does not have enough Pods scheduled";
    }
    JsonNode max = strategy.path("rollingUpdate").path("maxUnavailable");
    int maxUnavailable;
    try {
      // Helm: an unset or invalid maxUnavailable tolerates every Pod being unavailable.
      maxUnavailable = max.isMissingNode() ? desired : scaled(max, "0", desired, true);
    } catch (NumberFormatException e) {
      maxUnavailable = desired;
    }
    if (st.path("numberReady").asInt(0) < desired - maxUnavailable) {
      return "DaemonSet does not have enough Pods ready";
    }
    return null;
  }

  private static String crd(JsonNode crd) {
    for (JsonNode c : crd.path("status").path("conditions")) {
      String type = c.path("type").asText();
      String status = c.path("status").asText();
      if ("Established".equals(type) && "True".equals(status)) {
        return null;
      }
      if ("NamesAccepted".equals(type) && "False".equals(status)) {
        return null;
      }
    }
    return "CustomResourceDefinition is not established";
  }

  private static String statefulSet(JsonNode sts) {
    if (!generationObserved(sts)) {
      return "StatefulSet is not ready, observedGeneration does not match spec generation";
    }
    JsonNode strategy = sts.path("spec").path("updateStrategy");
    if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
      return null;
    }
    int partition = strategy.path("rollingUpdate").path("partition").asInt(0);
    int replicas = sts.path("spec").path("replicas").asInt(1);
    JsonNode st = sts.path("status");
    if (st.path("updatedReplicas").asInt(0) < replicas - partition) {
      return "StatefulSet does not have enough Pods scheduled";
    }
    if (st.path("readyReplicas").asInt(0) != replicas) {
      return "StatefulSet does not have enough Pods ready";
    }
    if (partition == 0
        && !st.path("currentRevision").asText().equals(st.path("updateRevision").asText())) {
      return "StatefulSet is not ready, currentRevision does not match updateRevision";
    }
    return null;
  }

  private String replicas(JsonNode workload, String kind) {
    if (!generationObserved(workload)) {
      return kind + " is not ready, observedGeneration does not match spec generation";
    }
    for (io.fabric8.kubernetes.api.model.Pod p :
        client
            .pods()
            .inNamespace(workload.path("metadata").path("namespace").asText())
            .withLabels(matchLabels(workload))
            .list()
            .getItems()) {
      if (!podReady(JSON.valueToTree(p))) {
        return "Pod " + p.getMetadata().getName() + " is not ready";
      }
    }
    return null;
  }

  private static boolean generationObserved(JsonNode o) {
    return o.path("status").path("observedGeneration").asLong(0)
        == o.path("metadata").path("generation").asLong(0);
  }

  private static String namespaced(JsonNode o) {
    return o.path("metadata").path("namespace").asText()
        + "/"
        + o.path("metadata").path("name").asText();
  }
}

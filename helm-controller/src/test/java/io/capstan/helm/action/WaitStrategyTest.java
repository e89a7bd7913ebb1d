package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.runtime.health.HealthStatus;
import io.capstan.runtime.health.KStatus;
import io.capstan.runtime.health.ObjectRef;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code waitStrategy: legacy} ({@link LegacyReadiness}) against kstatus ({@code poller}) on live
 * objects of a real API server: each Deployment here is ready under one strategy and not the other.
 * No controllers run, so the test writes the statuses a controller would.
 */
@WithKubernetes
class WaitStrategyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName(
      "legacy: a Deployment whose new ReplicaSet has replicas - maxUnavailable ready Pods is ready;"
          + " kstatus waits for all")
  void partiallyAvailable(KubernetesClient client, KubeNamespace ns) throws Exception {
    Deployment dep = deployment(client, ns.name(), "partial", 4, false);
    replicaSet(client, dep, 3);
    status(client, dep, 4, 3, List.of());
    ObjectRef ref = ref(ns.name(), "partial");

    assertLegacy(client, ref, HealthStatus.CURRENT);
    assertThat(kstatus(client, ref)).isEqualTo(HealthStatus.IN_PROGRESS);

    ClusterObjects objects = objects(client);
    objects.waitReady(List.of(ref), wait(WaitStrategy.LEGACY));
    assertThatThrownBy(() -> objects.waitReady(List.of(ref), wait(WaitStrategy.POLLER)))
        .isInstanceOf(ActionException.class)
        .hasMessageStartingWith("context deadline exceeded");
  }

  @Test
  @DisplayName(
      "legacy: a Deployment without its new ReplicaSet is not ready although kstatus reads its"
          + " status as Current")
  void noNewReplicaSet(KubernetesClient client, KubeNamespace ns) throws Exception {
    Deployment dep = deployment(client, ns.name(), "norset", 1, false);
    status(
        client,
        dep,
        1,
        1,
        List.of(
            condition("Available", "True", "MinimumReplicasAvailable"),
            condition("Progressing", "True", "NewReplicaSetAvailable")));
    ObjectRef ref = ref(ns.name(), "norset");

    assertThat(kstatus(client, ref)).isEqualTo(HealthStatus.CURRENT);
    assertLegacy(client, ref, HealthStatus.IN_PROGRESS);
    assertThat(new LegacyReadiness(client).assess(live(client, ref)).message())
        .isEqualTo("Deployment has no new ReplicaSet yet");

    ClusterObjects objects = objects(client);
    objects.waitReady(List.of(ref), wait(WaitStrategy.POLLER));
    assertThatThrownBy(() -> objects.waitReady(List.of(ref), wait(WaitStrategy.LEGACY)))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("no new ReplicaSet");
  }

  @Test
  @DisplayName("legacy: a paused Deployment is ready (Helm's PausedAsReady); kstatus is not")
  void paused(KubernetesClient client, KubeNamespace ns) {
    deployment(client, ns.name(), "paused", 2, true);
    ObjectRef ref = ref(ns.name(), "paused");

    assertLegacy(client, ref, HealthStatus.CURRENT);
    assertThat(kstatus(client, ref)).isEqualTo(HealthStatus.IN_PROGRESS);
  }

  @Test
  @DisplayName("a health rule (healthCheckExprs) takes precedence over the legacy rules")
  void ruleFirst(KubernetesClient client, KubeNamespace ns) {
    deployment(client, ns.name(), "ruled", 1, true);
    ObjectRef ref = ref(ns.name(), "ruled");
    ClusterObjects objects = objects(client);
    Wait failing =
        new Wait(
            true,
            false,
            Duration.ofSeconds(2),
            o ->
                java.util.Optional.of(
                    new io.capstan.runtime.health.Health(
                        HealthStatus.IN_PROGRESS, "custom check says no")),
            WaitStrategy.LEGACY);
    assertThatThrownBy(() -> objects.waitReady(List.of(ref), failing))
        .hasMessageContaining("custom check says no");
  }

  @Test
  @DisplayName(
      "Helm's maxUnavailable: 25% rounds down, both zero means 1, Recreate 0, capped at replicas")
  void maxUnavailable() {
    assertThat(LegacyReadiness.maxUnavailable(JSON.createObjectNode(), 4)).isEqualTo(1);
    assertThat(LegacyReadiness.maxUnavailable(JSON.createObjectNode(), 3)).isZero();
    assertThat(
            LegacyReadiness.maxUnavailable(
                JSON.valueToTree(
                    Map.of(
                        "strategy",
                        Map.of("rollingUpdate", Map.of("maxSurge", 0, "maxUnavailable", "0%")))),
                5))
        .isEqualTo(1);
    assertThat(
            LegacyReadiness.maxUnavailable(
                JSON.valueToTree(Map.of("strategy", Map.of("type", "Recreate"))), 5))
        .isZero();
    assertThat(
            LegacyReadiness.maxUnavailable(
                JSON.valueToTree(
                    Map.of("strategy", Map.of("rollingUpdate", Map.of("maxUnavailable", 9)))),
                5))
        .isEqualTo(5);
  }

  private static Wait wait(WaitStrategy strategy) {
    return new Wait(true, false, Duration.ofSeconds(3), null, strategy);
  }

  private static ClusterObjects objects(KubernetesClient client) {
    return Charts.actions(client, "default").objects();
  }

  private static ObjectRef ref(String ns, String name) {
    return new ObjectRef("apps/v1", "Deployment", ns, name);
  }

  private static JsonNode live(KubernetesClient client, ObjectRef ref) {
    // as the waiter reads it: a generic object
    return JSON.valueToTree(
        client
            .genericKubernetesResources("apps/v1", "Deployment")
            .inNamespace(ref.namespace())
            .withName(ref.name())
            .get());
  }

  private static void assertLegacy(KubernetesClient client, ObjectRef ref, HealthStatus expected) {
    var health = new LegacyReadiness(client).assess(live(client, ref));
    assertThat(health.status()).as(health.message()).isEqualTo(expected);
  }

  private static HealthStatus kstatus(KubernetesClient client, ObjectRef ref) {
    return KStatus.compute(live(client, ref)).status();
  }

  private static Deployment deployment(
      KubernetesClient client, String ns, String name, int replicas, boolean paused) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withPaused(paused)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(1))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  /** The Deployment controller's new ReplicaSet: same template plus pod-template-hash, owned. */
  private static void replicaSet(KubernetesClient client, Deployment dep, int ready) {
    String ns = dep.getMetadata().getNamespace();
    var template = dep.getSpec().getTemplate();
    template.getMetadata().getLabels().put("pod-template-hash", "abc123");
    ReplicaSet rs =
        client
            .apps()
            .replicaSets()
            .inNamespace(ns)
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName(dep.getMetadata().getName() + "-abc123")
                    .addToLabels(template.getMetadata().getLabels())
                    .addNewOwnerReference()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(dep.getMetadata().getName())
                    .withUid(dep.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(dep.getSpec().getReplicas())
                    .withNewSelector()
                    .addToMatchLabels(template.getMetadata().getLabels())
                    .endSelector()
                    .withTemplate(template)
                    .endSpec()
                    .build())
            .create();
    client
        .apps()
        .replicaSets()
        .inNamespace(ns)
        .withName(rs.getMetadata().getName())
        .editStatus(
            r -> {
              r.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder()
                      .withReplicas(dep.getSpec().getReplicas())
                      .withReadyReplicas(ready)
                      .withAvailableReplicas(ready)
                      .withObservedGeneration(r.getMetadata().getGeneration())
                      .build());
              return r;
            });
  }

  private static void status(
      KubernetesClient client,
      Deployment dep,
      int replicas,
      int ready,
      List<DeploymentCondition> conditions) {
    client
        .apps()
        .deployments()
        .inNamespace(dep.getMetadata().getNamespace())
        .withName(dep.getMetadata().getName())
        .editStatus(
            d -> {
              d.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .withReadyReplicas(ready)
                      .withAvailableReplicas(ready)
                      .withConditions(conditions)
                      .build());
              return d;
            });
  }

  private static DeploymentCondition condition(String type, String status, String reason) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .build();
  }
}

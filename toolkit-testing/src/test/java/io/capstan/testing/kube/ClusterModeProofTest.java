package io.capstan.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in controllers, scheduler and kwok nodes really run in cluster mode. */
@WithKubernetes(cluster = true, nodes = 2)
class ClusterModeProofTest {

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("example.invalid/web:1.0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static boolean isAvailable(Deployment d, int replicas) {
    return d != null
        && d.getStatus() != null
        && d.getStatus().getReadyReplicas() != null
        && d.getStatus().getReadyReplicas() == replicas
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<Pod> readyPods(KubernetesClient client, String app) {
    return client.pods().withLabel("app", app).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }

  @Test
  @DisplayName(
      "a Deployment of 2 becomes Available, scaling it to 4 gives 4 Ready pods on kwok nodes")
  void deploymentRollsOutAndScales(KubernetesClient client) {
    client.apps().deployments().resource(deployment("web", 2)).create();

    client
        .apps()
        .deployments()
        .withName("web")
        .waitUntilCondition(d -> isAvailable(d, 2), 60, TimeUnit.SECONDS);
    assertThat(readyPods(client, "web")).hasSize(2);

    client.apps().deployments().withName("web").scale(4);

    client
        .apps()
        .deployments()
        .withName("web")
        .waitUntilCondition(d -> isAvailable(d, 4), 60, TimeUnit.SECONDS);
    List<Pod> pods = readyPods(client, "web");
    assertThat(pods).hasSize(4);
    assertThat(pods)
        .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).startsWith("capstan-node-"));
  }

  @Test
  @DisplayName(
      "deleting a Deployment garbage-collects its ReplicaSets and Pods via ownerReferences")
  void deletionGarbageCollectsReplicaSets(KubernetesClient client) {
    client.apps().deployments().resource(deployment("gc", 1)).create();
    client
        .apps()
        .deployments()
        .withName("gc")
        .waitUntilCondition(d -> isAvailable(d, 1), 60, TimeUnit.SECONDS);
    assertThat(client.apps().replicaSets().withLabel("app", "gc").list().getItems())
        .singleElement()
        .satisfies(
            rs ->
                assertThat(rs.getMetadata().getOwnerReferences())
                    .anySatisfy(o -> assertThat(o.getKind()).isEqualTo("Deployment")));

    client.apps().deployments().withName("gc").delete();

    client
        .apps()
        .replicaSets()
        .withLabel("app", "gc")
        .informOnCondition(List::isEmpty)
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
    client
        .pods()
        .withLabel("app", "gc")
        .informOnCondition(List::isEmpty)
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
  }

  @Test
  @DisplayName(
      "a Pod's container log is served through kwok: a kwok Logs object maps it to a CRI-format"
          + " file, kube-apiserver fetches it from the node's kubelet endpoint")
  void podLogsServedByKwok(KubernetesClient client, @TempDir Path tmp) throws Exception {
    client.apps().deployments().resource(deployment("logs", 1)).create();
    client
        .apps()
        .deployments()
        .withName("logs")
        .waitUntilCondition(d -> isAvailable(d, 1), 60, TimeUnit.SECONDS);
    Pod pod = readyPods(client, "logs").get(0);
    Path file = tmp.resolve("web.log");
    Files.writeString(
        file,
        "2026-01-02T03:04:05.000000006Z stdout F first line\n"
            + "2026-01-02T03:04:06.000000007Z stderr F second line\n");
    GenericKubernetesResource logs = new GenericKubernetesResource();
    logs.setApiVersion("kwok.x-k8s.io/v1alpha1");
    logs.setKind("Logs");
    logs.setMetadata(
        new ObjectMetaBuilder()
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .build());
    logs.setAdditionalProperty(
        "spec",
        Map.of("logs", List.of(Map.of("containers", List.of("web"), "logsFile", file.toString()))));
    client.resource(logs).create();

    // kwok picks the Logs object up through its watch: poll until it serves the file
    String log = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        log = client.pods().withName(pod.getMetadata().getName()).inContainer("web").getLog();
        if ("first line\nsecond line\n".equals(log)) {
          break;
        }
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        log = e.getMessage();
      }
      Thread.sleep(500);
    }
    assertThat(log).isEqualTo("first line\nsecond line\n");
    assertThat(pod.getSpec().getNodeName()).startsWith("capstan-node-");
  }
}

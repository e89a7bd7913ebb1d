package io.capstan.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.ChangeSetEntry;
import io.capstan.runtime.apply.Manifests;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes(cluster = true)
class HealthWaiterTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: ${ID}, namespace: ${NS}}
      spec:
        replicas: 2
        progressDeadlineSeconds: 600
        selector: {matchLabels: {app: ${ID}}}
        template:
          metadata: {labels: {app: ${ID}}}
          spec:
            containers: [{name: app, image: "ghcr.io/stefanprodan/podinfo:6.5.0"}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: ${ID}, namespace: ${NS}}
      spec:
        selector: {app: ${ID}}
        ports: [{port: 80}]
      """;

  @Test
  @DisplayName("a Deployment rolled out by the cluster's controllers becomes Current")
  void deploymentBecomesCurrent(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);

    ChangeSet applied =
        applier.apply(
            Manifests.parse(DEPLOYMENT, ns.name(), "web"),
            ApplyOptions.builder("kustomize-controller").waitFor(Duration.ofMinutes(2)).build());

    List<ObjectRef> refs = applied.entries().stream().map(ChangeSetEntry::ref).toList();
    WaitResult now = HealthWaiter.of(applier.resources()).waitFor(refs, Duration.ZERO);
    assertThat(now.allCurrent()).as(now.message()).isTrue();
    assertThat(now.states().get(new ObjectRef("apps/v1", "Deployment", ns.name(), "web")).message())
        .isEqualTo("Deployment is available. Replicas: 2");
  }

  @Test
  @DisplayName("a Deployment whose pods cannot be scheduled times out, naming the object and why")
  void unschedulableDeploymentTimesOut(KubernetesClient client, KubeNamespace ns) {
    String stuck =
        DEPLOYMENT.replace(
            "containers: [", "nodeSelector: {capstan.test/none: \"true\"}\n      containers: [");
    ServerSideApplier applier = new ServerSideApplier(client);
    ApplyOptions options =
        ApplyOptions.builder("kustomize-controller").waitFor(Duration.ofSeconds(5)).build();

    assertThatThrownBy(() -> applier.apply(Manifests.parse(stuck, ns.name(), "stuck"), options))
        .isInstanceOf(ApplyException.class)
        .hasMessageStartingWith(
            "timeout waiting for: [Deployment/" + ns.name() + "/stuck status: 'InProgress'")
        .hasMessageNotContaining("Service/");
  }

  @Test
  @DisplayName(
      "a Deployment past its progress deadline is Failed, and fail-fast stops waiting at once")
  void progressDeadlineFails(KubernetesClient client, KubeNamespace ns) {
    String stuck =
        DEPLOYMENT
            .replace("progressDeadlineSeconds: 600", "progressDeadlineSeconds: 1")
            .replace(
                "containers: [",
                "nodeSelector: {capstan.test/none: \"true\"}\n      containers: [");
    ServerSideApplier applier = new ServerSideApplier(client);
    applier.apply(
        Manifests.parse(stuck, ns.name(), "late"),
        ApplyOptions.builder("kustomize-controller").build());
    ObjectRef deployment = new ObjectRef("apps/v1", "Deployment", ns.name(), "late");

    long start = System.nanoTime();
    WaitResult result =
        HealthWaiter.of(applier.resources())
            .pollingEvery(Duration.ofMillis(500))
            .failingFast()
            .waitFor(List.of(deployment), Duration.ofSeconds(90));

    assertThat(result.states().get(deployment).status()).isEqualTo(HealthStatus.FAILED);
    assertThat(result.states().get(deployment).message()).startsWith("Progress deadline exceeded");
    assertThat(result.timedOut()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(90));
  }

  @Test
  @DisplayName("missing objects are NotFound and unserved kinds Unknown")
  void notFoundAndUnknown(KubernetesClient client, KubeNamespace ns) {
    HealthWaiter waiter = HealthWaiter.of(new ApiResources(client));
    ObjectRef missing = new ObjectRef("v1", "ConfigMap", ns.name(), "absent");
    ObjectRef unserved = new ObjectRef("nothing.capstan.test/v1", "Gadget", ns.name(), "g");

    WaitResult result =
        waiter
            .pollingEvery(Duration.ofMillis(100))
            .waitFor(List.of(missing, unserved), Duration.ofMillis(300));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.states().get(missing).status()).isEqualTo(HealthStatus.NOT_FOUND);
    assertThat(result.states().get(unserved).status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(result.message()).contains("ConfigMap/" + ns.name() + "/absent status: 'NotFound'");
  }
}

package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and restarting kube-apiserver and etcd of a private control plane: objects survive, the
 * port and certificates stay, and a client's informer re-establishes its watch by itself.
 */
class ControlPlaneRestartTest {

  @TempDir static Path tmp;

  private static KubeControlPlane plane;
  private static KubernetesClient client;
  private static SharedIndexInformer<ConfigMap> informer;
  private static final Set<String> seen = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    KubeControlPlane.Options defaults = KubeControlPlane.Options.apiServer();
    plane =
        KubeControlPlane.start(
            new KubeControlPlane.Options(
                false, 0, LoopbackPorts.ephemeral(), defaults.startupTimeout(), tmp));
    // A client of its own, as a controller would have; short timeouts so reconnects are quick.
    client = new KubernetesClientBuilder().withConfig(plane.clientConfig("default")).build();
    informer =
        client
            .configMaps()
            .inNamespace("default")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap obj) {
                    seen.add(obj.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                    seen.add(newObj.getMetadata().getName());
                  }

                  @Override
                  public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
                });
  }

  @AfterAll
  static void stop() {
    if (informer != null) {
      informer.close();
    }
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  private static void create(String name) {
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withData(Map.of("k", name))
                .build())
        .create();
  }

  private static void awaitSeen(String name) {
    HealthProbe.await(
        "the informer to see " + name,
        Duration.ofSeconds(90),
        List.of(),
        () -> seen.contains(name));
  }

  @Test
  @DisplayName("kube-apiserver stopped and started: same URL, objects kept, the watch resumes")
  void apiServerRestart() {
    create("before-apiserver-stop");
    awaitSeen("before-apiserver-stop");
    URI url = plane.apiServerUrl();

    plane.stopApiServer();
    assertThat(plane.failure()).as("a purposeful stop is not a crash").isEmpty();
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").list())
        .isInstanceOf(KubernetesClientException.class);

    plane.startApiServer();
    plane.ensureRunning();
    assertThat(plane.apiServerUrl()).isEqualTo(url);
    assertThat(client.configMaps().inNamespace("default").withName("before-apiserver-stop").get())
        .isNotNull();
    create("after-apiserver-start");
    awaitSeen("after-apiserver-start");
  }

  @Test
  @DisplayName("kube-apiserver killed (SIGKILL) and started: the watch resumes")
  void apiServerKill() {
    plane.killApiServer();
    plane.startApiServer();
    create("after-apiserver-kill");
    awaitSeen("after-apiserver-kill");
  }

  @Test
  @DisplayName("etcd stopped and started with its data: objects kept, the watch resumes")
  void etcdRestart() {
    create("before-etcd-stop");
    awaitSeen("before-etcd-stop");

    plane.stopEtcd();
    // Kept short: the API server's etcd client backs off longer the longer etcd is away.
    URI readyz = plane.apiServerUrl().resolve("/readyz");
    HealthProbe.await(
        "kube-apiserver to report etcd missing",
        Duration.ofSeconds(30),
        List.of(),
        () -> !plane.files().probe().ok(readyz));

    plane.startEtcd();
    plane.ensureRunning();
    assertThat(client.configMaps().inNamespace("default").withName("before-etcd-stop").get())
        .isNotNull();
    create("after-etcd-start");
    awaitSeen("after-etcd-start");
  }
}

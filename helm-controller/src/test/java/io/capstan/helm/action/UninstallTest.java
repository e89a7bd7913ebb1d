package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cluster mode: the garbage collector makes deletion propagation observable. */
@WithKubernetes(cluster = true)
class UninstallTest {
  private final Chart chart = Charts.load("demo");

  @Test
  @DisplayName(
      "uninstall runs delete hooks, deletes the objects except keep-policy ones, purges history")
  void uninstall(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart)
            .values(
                Map.of(
                    "kept",
                    true,
                    "hooks",
                    List.of(
                        Map.of("name", "bye", "events", "pre-delete"),
                        Map.of("name", "gone", "events", "post-delete"))))
            .build());
    actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).build());

    Optional<Release> out =
        actions.uninstall(
            new UninstallRequest(
                "app", Duration.ofMinutes(1), false, false, true, "background", null));

    assertThat(out).isEmpty();
    assertThat(actions.config().storage().history("app")).isEmpty();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("app-web").get())
        .isNull();
    assertThat(client.services().inNamespace(ns.name()).withName("app-web").get()).isNull();
    // v2 was rendered without kept=true, but the live object carries the keep policy
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-kept").get()).isNotNull();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-bye").get()).isNotNull();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-gone").get()).isNotNull();
  }

  @Test
  @DisplayName(
      "keepHistory marks the last revision uninstalled with Helm's texts; a second uninstall purges")
  void keepHistory(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    Release kept =
        actions
            .uninstall(
                new UninstallRequest("app", null, true, true, false, null, "removed by test"))
            .orElseThrow();
    assertThat(kept.status()).isEqualTo(ReleaseStatus.UNINSTALLED);
    assertThat(kept.info().description()).isEqualTo("removed by test");
    assertThat(kept.info().deleted()).isNotNull();
    assertThat(actions.config().storage().history("app"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(ReleaseStatus.UNINSTALLED));
    assertThatThrownBy(
            () ->
                actions.uninstall(
                    new UninstallRequest("app", null, false, true, false, null, null)))
        .hasMessage("the release named \"app\" is already deleted");
    assertThat(actions.uninstall(UninstallRequest.of("app"))).isEmpty();
    assertThat(actions.config().storage().history("app")).isEmpty();
    assertThatThrownBy(() -> actions.uninstall(UninstallRequest.of("app")))
        .hasMessageContaining("Release not loaded: app");
  }

  @Test
  @DisplayName(
      "deletionPropagation orphan leaves the Deployment's ReplicaSet; background lets the GC delete it")
  void propagation(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart)
            .waitForResources(true)
            .timeout(Duration.ofMinutes(2))
            .build());
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).hasSize(1);
    actions.uninstall(
        new UninstallRequest("app", Duration.ofMinutes(1), true, false, true, "orphan", null));
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("app-web").get())
        .isNull();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> client.apps().replicaSets().inNamespace(ns.name()).list().getItems().size() == 1);

    actions.install(
        InstallRequest.builder("other", ns.name(), chart)
            .waitForResources(true)
            .timeout(Duration.ofMinutes(2))
            .build());
    actions.uninstall(
        new UninstallRequest(
            "other", Duration.ofMinutes(1), true, false, true, "background", null));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.apps().replicaSets().inNamespace(ns.name()).list().getItems().stream()
                    .noneMatch(rs -> rs.getMetadata().getName().startsWith("other-web")));
  }
}

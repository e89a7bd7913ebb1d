package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class RollbackTest {
  private final Chart chart = Charts.load("demo");

  private static final List<Object> ROLLBACK_HOOKS =
      List.of(
          Map.of("name", "before", "events", "pre-rollback", "policy", "before-hook-creation"),
          Map.of("name", "after", "events", "post-rollback", "weight", "3"));

  @Test
  @DisplayName(
      "rollback to the previous revision: new revision 'Rollback to 1', its objects and values back, hooks run")
  void rollbackToPrevious(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart)
            .values(Map.of("message", "one", "extra", true, "hooks", ROLLBACK_HOOKS))
            .build());
    actions.upgrade(
        UpgradeRequest.builder("app", ns.name(), chart).values(Map.of("message", "two")).build());
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-extra").get()).isNull();

    Release v3 = actions.rollback(RollbackRequest.of("app", 0));

    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v3.info().description()).isEqualTo("Rollback to 1");
    assertThat(v3.info().rollbackRevision()).isEqualTo(1);
    assertThat(v3.config()).containsEntry("message", "one").containsEntry("extra", true);
    Release v1 = actions.config().storage().get("app", 1).orElseThrow();
    assertThat(v3.manifest()).isEqualTo(v1.manifest());
    assertThat(v3.info().firstDeployed()).isEqualTo(v1.info().firstDeployed());
    assertThat(actions.config().storage().get("app", 2).orElseThrow().status())
        .isEqualTo(ReleaseStatus.SUPERSEDED);
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get().getData())
        .containsEntry("message", "one");
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-extra").get()).isNotNull();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-before").get()).isNotNull();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-after").get()).isNotNull();
    assertThat(v3.hooks())
        .filteredOn(
            h -> h.events().contains("pre-rollback") || h.events().contains("post-rollback"))
        .hasSize(2)
        .allSatisfy(h -> assertThat(h.lastRun().phase()).isEqualTo("Succeeded"));
  }

  @Test
  @DisplayName("rollback to an explicit version; a missing version is refused; maxHistory prunes")
  void rollbackToVersion(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart).values(Map.of("message", "one")).build());
    actions.upgrade(
        UpgradeRequest.builder("app", ns.name(), chart).values(Map.of("message", "two")).build());
    actions.upgrade(
        UpgradeRequest.builder("app", ns.name(), chart).values(Map.of("message", "three")).build());
    assertThatThrownBy(() -> actions.rollback(RollbackRequest.of("app", 9)))
        .isInstanceOf(ActionException.class)
        .hasMessage("release has no 9 version");

    Release v4 =
        actions.rollback(
            new RollbackRequest(
                "app", 1, null, false, false, true, false, false, false, 3, null, null));
    assertThat(v4.info().description()).isEqualTo("Rollback to 1");
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get().getData())
        .containsEntry("message", "one");
    assertThat(actions.config().storage().history("app"))
        .extracting(Release::version)
        .containsExactly(2, 3, 4);
  }

  @Test
  @DisplayName("rolling back a release that does not exist fails")
  void noRelease(KubernetesClient client, KubeNamespace ns) {
    HelmActions actions = Charts.actions(client, ns.name());
    assertThatThrownBy(() -> actions.rollback(RollbackRequest.of("ghost", 0)))
        .isInstanceOf(ActionException.class)
        .hasMessage("release: not found");
  }

  @Test
  @DisplayName(
      "a rollback waits with the health rule (healthCheckExprs): never healthy fails it, recorded"
          + " failed")
  void rollbackWaitUsesHealthRule(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart).values(Map.of("message", "one")).build());
    actions.upgrade(
        UpgradeRequest.builder("app", ns.name(), chart).values(Map.of("message", "two")).build());
    io.capstan.runtime.health.HealthRule rule =
        o ->
            switch (o.path("kind").asText()) {
              case "ConfigMap" ->
                  java.util.Optional.of(
                      new io.capstan.runtime.health.Health(
                          io.capstan.runtime.health.HealthStatus.IN_PROGRESS,
                          "health check says no"));
              case "Deployment" ->
                  java.util.Optional.of(
                      new io.capstan.runtime.health.Health(
                          io.capstan.runtime.health.HealthStatus.CURRENT, "fine"));
              default -> java.util.Optional.empty();
            };

    assertThatThrownBy(
            () ->
                actions.rollback(
                    new RollbackRequest(
                        "app",
                        1,
                        java.time.Duration.ofSeconds(2),
                        true,
                        false,
                        true,
                        false,
                        false,
                        false,
                        0,
                        rule,
                        WaitStrategy.POLLER)))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("health check says no");
    assertThat(actions.config().storage().get("app", 3).orElseThrow().status())
        .isEqualTo(ReleaseStatus.FAILED);
  }
}

package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** UpgradeAction: superseding, removed objects, values, history, failure cleanup, CRD policies. */
@WithKubernetes
class UpgradeActionTest {
  private final Chart chart = Charts.load("demo");

  @Test
  @DisplayName(
      "upgrade: new revision deployed, previous superseded, removed objects deleted, kept ones kept")
  void upgrade(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart)
            .values(Map.of("extra", true, "kept", true))
            .build());
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-extra").get()).isNotNull();

    Release v2 =
        actions.upgrade(
            UpgradeRequest.builder("app", ns.name(), chart)
                .values(Map.of("message", "bye"))
                .build());

    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v2.info().description()).isEqualTo("Upgrade complete");
    Release v1 = actions.config().storage().get("app", 1).orElseThrow();
    assertThat(v1.status()).isEqualTo(ReleaseStatus.SUPERSEDED);
    assertThat(v2.info().firstDeployed()).isEqualTo(v1.info().firstDeployed());
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get().getData())
        .containsEntry("message", "bye")
        .containsEntry("revision", "2");
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-extra").get()).isNull();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-kept").get()).isNotNull();
  }

  @Test
  @DisplayName(
      "upgrade values: reset by default, merged over the last ones with preserveValues, reused when none given")
  void upgradeValues(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart)
            .values(Map.of("message", "one", "replicaCount", 2))
            .build());
    Release v2 =
        actions.upgrade(
            UpgradeRequest.builder("app", ns.name(), chart)
                .values(Map.of("message", "two"))
                .preserveValues(true)
                .build());
    assertThat(v2.config()).isEqualTo(Map.of("message", "two", "replicaCount", 2));
    Release v3 =
        actions.upgrade(
            UpgradeRequest.builder("app", ns.name(), chart)
                .values(Map.of("message", "three"))
                .resetValues(true)
                .build());
    assertThat(v3.config()).isEqualTo(Map.of("message", "three"));
    Release v4 = actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).build());
    assertThat(v4.config()).isEqualTo(Map.of("message", "three"));
  }

  @Test
  @DisplayName("maxHistory prunes the oldest revisions, never the deployed one")
  void maxHistory(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    for (int i = 0; i < 4; i++) {
      actions.upgrade(
          UpgradeRequest.builder("app", ns.name(), chart)
              .values(Map.of("message", "m" + i))
              .maxHistory(3)
              .build());
    }
    List<Release> history = actions.config().storage().history("app");
    assertThat(history).extracting(Release::version).containsExactly(3, 4, 5);
    assertThat(history.get(2).status()).isEqualTo(ReleaseStatus.DEPLOYED);
  }

  @Test
  @DisplayName(
      "a failed upgrade (wait timeout) is recorded failed; cleanupOnFail deletes the objects it created")
  void failedUpgradeCleanup(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    // no controllers in this control plane: the Deployment never becomes ready
    assertThatThrownBy(
            () ->
                actions.upgrade(
                    UpgradeRequest.builder("app", ns.name(), chart)
                        .values(Map.of("extra", true))
                        .waitForResources(true)
                        .timeout(Duration.ofSeconds(2))
                        .cleanupOnFail(true)
                        .build()))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("Deployment/" + ns.name() + "/app-web")
        .satisfies(
            e -> {
              Release failed = ((ActionException) e).release().orElseThrow();
              assertThat(failed.version()).isEqualTo(2);
              assertThat(failed.status()).isEqualTo(ReleaseStatus.FAILED);
              assertThat(failed.info().description()).startsWith("Upgrade \"app\" failed: ");
            });
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-extra").get()).isNull();
    assertThat(actions.config().storage().get("app", 1).orElseThrow().status())
        .isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(actions.config().storage().get("app", 2).orElseThrow().status())
        .isEqualTo(ReleaseStatus.FAILED);
    // Helm upgrades from a failed latest revision against the last deployed one
    Release v3 = actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).build());
    assertThat(v3.version()).isEqualTo(3);
    assertThat(actions.config().storage().get("app", 1).orElseThrow().status())
        .isEqualTo(ReleaseStatus.SUPERSEDED);
  }

  @Test
  @DisplayName(
      "CRD policy Skip installs no CRD; CreateReplace updates an existing CRD, Create leaves it")
  void crdPolicies(KubernetesClient client, KubeNamespace ns) throws Exception {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    HelmActions actions = Charts.actions(client, ns.name());
    // the CRD may exist from another test of this control plane: start from a known label
    actions.install(InstallRequest.builder("app", ns.name(), chart).crds(CrdPolicy.CREATE).build());
    crds.withName("widgets.capstan.test")
        .edit(
            c -> {
              c.getMetadata().setLabels(Map.of("edited", "yes"));
              c.getSpec().getNames().setShortNames(List.of("wd"));
              return c;
            });
    actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).crds(CrdPolicy.CREATE).build());
    assertThat(crds.withName("widgets.capstan.test").get().getSpec().getNames().getShortNames())
        .containsExactly("wd");
    actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).crds(CrdPolicy.SKIP).build());
    assertThat(crds.withName("widgets.capstan.test").get().getSpec().getNames().getShortNames())
        .containsExactly("wd");
    actions.upgrade(
        UpgradeRequest.builder("app", ns.name(), chart).crds(CrdPolicy.CREATE_REPLACE).build());
    assertThat(crds.withName("widgets.capstan.test").get().getSpec().getNames().getShortNames())
        .isNullOrEmpty();
  }
}

package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.helm.release.SecretReleaseStorage;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class InstallUpgradeTest {
  private final Chart chart = Charts.load("demo");

  @Test
  @DisplayName("install applies the objects with Helm's ownership metadata and records v1 deployed")
  void install(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    Release rel =
        actions.install(
            InstallRequest.builder("app", ns.name(), chart)
                .values(Map.of("message", "hi"))
                .build());

    assertThat(rel.version()).isEqualTo(1);
    assertThat(rel.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(rel.info().description()).isEqualTo("Install complete");
    assertThat(rel.info().notes()).isEqualTo("app installed: revision 1.\n");
    assertThat(rel.chartName()).isEqualTo("demo");
    assertThat(rel.chartVersion()).isEqualTo("0.1.0");
    assertThat(rel.config()).isEqualTo(Map.of("message", "hi"));
    assertThat(rel.manifest()).contains("# Source: demo/templates/configmap.yaml");

    ConfigMap cm = client.configMaps().inNamespace(ns.name()).withName("app-config").get();
    assertThat(cm.getData()).containsEntry("message", "hi");
    assertThat(cm.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
    assertThat(cm.getMetadata().getAnnotations())
        .containsEntry("meta.helm.sh/release-name", "app")
        .containsEntry("meta.helm.sh/release-namespace", ns.name());
    assertThat(cm.getMetadata().getManagedFields())
        .anyMatch(
            f -> f.getManager().equals("helm-controller") && f.getOperation().equals("Apply"));
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("app-web").get())
        .isNotNull();
    assertThat(client.services().inNamespace(ns.name()).withName("app-web").get()).isNotNull();

    Release stored = new SecretReleaseStorage(client, ns.name()).get("app", 1).orElseThrow();
    assertThat(stored.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(stored.manifest()).isEqualTo(rel.manifest());
  }

  @Test
  @DisplayName("a name in use is refused; replace re-uses the name of an uninstalled release")
  void nameInUse(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    assertThatThrownBy(
            () -> actions.install(InstallRequest.builder("app", ns.name(), chart).build()))
        .isInstanceOf(ActionException.class)
        .hasMessage("cannot reuse a name that is still in use");

    UninstallRequest keep = new UninstallRequest("app", null, false, true, false, null, null);
    actions.uninstall(keep);
    Release again =
        actions.install(InstallRequest.builder("app", ns.name(), chart).replace(true).build());
    assertThat(again.version()).isEqualTo(2);
    assertThat(again.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(actions.config().storage().get("app", 1).orElseThrow().status())
        .isEqualTo(ReleaseStatus.SUPERSEDED);
  }

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
  @DisplayName("values violating the schema fail before anything is recorded or applied")
  void schemaViolation(KubernetesClient client, KubeNamespace ns) {
    HelmActions actions = Charts.actions(client, ns.name());
    assertThatThrownBy(
            () ->
                actions.install(
                    InstallRequest.builder("app", ns.name(), chart)
                        .values(Map.of("replicaCount", "three"))
                        .build()))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .satisfies(e -> assertThat(((ActionException) e).release()).isEmpty());
    assertThat(actions.config().storage().history("app")).isEmpty();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get()).isNull();
  }

  @Test
  @DisplayName(
      "an object owned by no release is not taken over: the install fails and is recorded failed")
  void ownershipConflict(KubernetesClient client, KubeNamespace ns) {
    client
        .configMaps()
        .inNamespace(ns.name())
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("app-config")
                .endMetadata()
                .addToData("message", "mine")
                .build())
        .create();
    HelmActions actions = Charts.actions(client, ns.name());
    assertThatThrownBy(
            () -> actions.install(InstallRequest.builder("app", ns.name(), chart).build()))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("ConfigMap \"app-config\" in namespace")
        .hasMessageContaining("invalid ownership metadata")
        .satisfies(
            e -> {
              Release failed = ((ActionException) e).release().orElseThrow();
              assertThat(failed.status()).isEqualTo(ReleaseStatus.FAILED);
              assertThat(failed.info().description()).startsWith("Release \"app\" failed: ");
            });
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get().getData())
        .containsEntry("message", "mine");
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
      "CRD policies: Skip leaves crds/ alone, Create creates, CreateReplace updates; createNamespace")
  void crdsAndNamespace(KubernetesClient client, KubeNamespace ns) throws Exception {
    String target = ns.name() + "-apps";
    HelmActions actions = Charts.actions(client, ns.name());
    try {
      Release rel =
          actions.install(
              InstallRequest.builder("app", target, chart)
                  .createNamespace(true)
                  .crds(CrdPolicy.CREATE)
                  .values(Map.of("widget", true))
                  .build());
      assertThat(rel.status()).isEqualTo(ReleaseStatus.DEPLOYED);
      assertThat(client.namespaces().withName(target).get().getMetadata().getLabels())
          .containsEntry("name", target);
      assertThat(
              client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName("widgets.capstan.test")
                  .get())
          .isNotNull();
      assertThat(
              client
                  .genericKubernetesResources("capstan.test/v1", "Widget")
                  .inNamespace(target)
                  .withName("app-widget")
                  .get())
          .isNotNull();
      // release stored in the storage namespace, objects in the target namespace
      assertThat(actions.config().storage().get("app", 1)).isPresent();
      assertThat(client.configMaps().inNamespace(target).withName("app-config").get()).isNotNull();
    } finally {
      client.namespaces().withName(target).delete();
    }
  }

  @Test
  @DisplayName("the post-renderer's output is what is applied and recorded")
  void postRenderer(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    PostRenderer relabel = m -> m.replace("message: \"hello\"", "message: \"post-rendered\"");
    Release rel =
        actions.install(
            InstallRequest.builder("app", ns.name(), chart).postRenderer(relabel).build());
    assertThat(rel.manifest()).contains("post-rendered");
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get().getData())
        .containsEntry("message", "post-rendered");
  }

  @Test
  @DisplayName("unlock marks a stale pending release failed; a non-pending one is refused")
  void unlock(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    Release rel = actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    assertThatThrownBy(() -> actions.unlock("app")).isInstanceOf(ActionException.class);
    rel.info().status(ReleaseStatus.PENDING_UPGRADE);
    actions.config().storage().update(rel);
    assertThatThrownBy(
            () -> actions.upgrade(UpgradeRequest.builder("app", ns.name(), chart).build()))
        .hasMessage("another operation (install/upgrade/rollback) is in progress");
    Release unlocked = actions.unlock("app");
    assertThat(unlocked.status()).isEqualTo(ReleaseStatus.FAILED);
    assertThat(unlocked.info().description())
        .isEqualTo("Release unlocked from stale 'pending-upgrade' state");
    assertThat(actions.config().storage().get("app", 1).orElseThrow().status())
        .isEqualTo(ReleaseStatus.FAILED);
  }

  @Test
  @DisplayName(
      "templates see the cluster: lookup answered from it, Capabilities from its discovery")
  void lookupAndCapabilities(KubernetesClient client, KubeNamespace ns) throws Exception {
    client
        .configMaps()
        .inNamespace(ns.name())
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("seed")
                .endMetadata()
                .addToData("token", "from-cluster")
                .build())
        .create();
    ActionConfig config = ActionConfig.forCluster(client, ns.name(), "helm-controller");
    String minor = client.getKubernetesVersion().getMinor();
    assertThat(config.kubeVersion()).isEqualTo(client.getKubernetesVersion().getGitVersion());
    assertThat(config.apiVersions())
        .contains("v1", "apps/v1", "apps/v1/Deployment", "v1/ConfigMap");
    new HelmActions(config)
        .install(InstallRequest.builder("app", ns.name(), Charts.load("lookup")).build());
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-facts").get().getData())
        .containsEntry("seed", "from-cluster")
        .containsEntry("missing", "0")
        .containsEntry("listed", "true")
        .containsEntry("kubeMinor", minor)
        .containsEntry("hasDeployments", "true")
        .containsEntry("isInstall", "true");
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

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
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** InstallAction: name checks, CRDs and namespace, render, ownership, apply, record. */
@WithKubernetes
class InstallActionTest {
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
      "without waitForResources nothing is awaited, even with waitForJobs (Flux's disableWait ="
          + " Helm v4's hookOnly strategy); with it, a Deployment that never becomes Available"
          + " fails the install")
  void waitForJobsAloneDoesNotWait(KubernetesClient client, KubeNamespace ns) throws Exception {
    HelmActions actions = Charts.actions(client, ns.name());
    // A bare API server runs no Deployment controller: app-web never becomes Available.
    Release rel =
        actions.install(
            InstallRequest.builder("app", ns.name(), chart)
                .waitForResources(false)
                .waitForJobs(true)
                .timeout(java.time.Duration.ofSeconds(3))
                .build());
    assertThat(rel.status()).isEqualTo(ReleaseStatus.DEPLOYED);

    assertThatThrownBy(
            () ->
                actions.install(
                    InstallRequest.builder("other", ns.name(), Charts.load("demo"))
                        .waitForResources(true)
                        .waitForJobs(true)
                        .timeout(java.time.Duration.ofSeconds(3))
                        .build()))
        .isInstanceOf(ActionException.class);
  }
}

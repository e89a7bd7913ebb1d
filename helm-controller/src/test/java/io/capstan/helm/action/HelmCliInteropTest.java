package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseStatus;
import io.capstan.helm.release.SecretReleaseStorage;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.tools.HelmCli;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release storage and actions against the real helm v4.3.2 CLI, in both directions. */
@WithKubernetes
class HelmCliInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Chart chart = Charts.load("demo");

  @Test
  @DisplayName(
      "a release installed by `helm install` is read by SecretReleaseStorage and upgraded by Capstan")
  void helmInstallReadAndAdopted(
      KubernetesClient client, KubeNamespace ns, KubeControlPlane plane, @TempDir Path home)
      throws Exception {
    HelmCli helm = new HelmCli(plane.kubeconfig(), home);
    helm.ok(
        "install",
        "web",
        Charts.dir("demo").toString(),
        "-n",
        ns.name(),
        "--set",
        "message=from-helm",
        "--labels",
        "team=blue");

    Secret secret =
        client.secrets().inNamespace(ns.name()).withName("sh.helm.release.v1.web.v1").get();
    assertThat(secret.getType()).isEqualTo("helm.sh/release.v1");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("name", "web")
        .containsEntry("owner", "helm")
        .containsEntry("status", "deployed")
        .containsEntry("version", "1")
        // helm creates (createdAt) then updates the record; its Update drops createdAt
        .containsKey("modifiedAt");

    SecretReleaseStorage storage = new SecretReleaseStorage(client, ns.name());
    Release v1 = storage.get("web", 1).orElseThrow();
    assertThat(v1.name()).isEqualTo("web");
    assertThat(v1.namespace()).isEqualTo(ns.name());
    assertThat(v1.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v1.info().description()).isEqualTo("Install complete");
    assertThat(v1.info().firstDeployed()).isNotNull();
    assertThat(v1.config()).isEqualTo(Map.of("message", "from-helm"));
    assertThat(v1.chartName()).isEqualTo("demo");
    assertThat(v1.appVersion()).isEqualTo("1.0.0");
    assertThat(v1.manifest()).contains("name: web-config").contains("message: \"from-helm\"");
    assertThat(v1.labels()).isEqualTo(Map.of("team", "blue"));
    assertThat(v1.applyMethod()).isEqualTo("ssa");
    assertThat(storage.deployed("web")).map(Release::version).contains(1);

    // Capstan takes over the release installed by helm
    Release v2 =
        Charts.actions(client, ns.name())
            .upgrade(
                UpgradeRequest.builder("web", ns.name(), chart)
                    .values(Map.of("message", "from-capstan"))
                    .build());
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.labels()).containsEntry("team", "blue");
    // the manifest Capstan records is the one helm records, byte for byte
    assertThat(v2.manifest())
        .isEqualTo(
            v1.manifest()
                .replace("from-helm", "from-capstan")
                .replace("revision: \"1\"", "revision: \"2\""));
    assertThat(client.configMaps().inNamespace(ns.name()).withName("web-config").get().getData())
        .containsEntry("message", "from-capstan");
    JsonNode history = JSON.readTree(helm.ok("history", "web", "-n", ns.name(), "-o", "json"));
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("status").asText()).isEqualTo("superseded");
    assertThat(history.get(1).path("status").asText()).isEqualTo("deployed");
    assertThat(history.get(1).path("description").asText()).isEqualTo("Upgrade complete");
  }

  @Test
  @DisplayName("a release written by Capstan is listed, shown, rolled back and uninstalled by helm")
  void capstanInstallSeenByHelm(
      KubernetesClient client, KubeNamespace ns, KubeControlPlane plane, @TempDir Path home)
      throws Exception {
    HelmCli helm = new HelmCli(plane.kubeconfig(), home);
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(
        InstallRequest.builder("app", ns.name(), chart)
            .values(Map.of("message", "one", "extra", true))
            .build());
    actions.upgrade(
        UpgradeRequest.builder("app", ns.name(), chart).values(Map.of("message", "two")).build());

    JsonNode list = JSON.readTree(helm.ok("list", "-n", ns.name(), "-o", "json"));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("name").asText()).isEqualTo("app");
    assertThat(list.get(0).path("revision").asText()).isEqualTo("2");
    assertThat(list.get(0).path("status").asText()).isEqualTo("deployed");
    assertThat(list.get(0).path("chart").asText()).isEqualTo("demo-0.1.0");
    assertThat(list.get(0).path("app_version").asText()).isEqualTo("1.0.0");

    JsonNode history = JSON.readTree(helm.ok("history", "app", "-n", ns.name(), "-o", "json"));
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("status").asText()).isEqualTo("superseded");
    assertThat(history.get(0).path("description").asText()).isEqualTo("Install complete");
    assertThat(history.get(1).path("description").asText()).isEqualTo("Upgrade complete");

    assertThat(JSON.readTree(helm.ok("get", "values", "app", "-n", ns.name(), "-o", "json")))
        .isEqualTo(JSON.readTree("{\"message\":\"two\"}"));
    assertThat(
            JSON.readTree(
                helm.ok("get", "values", "app", "-n", ns.name(), "--revision", "1", "-o", "json")))
        .isEqualTo(JSON.readTree("{\"extra\":true,\"message\":\"one\"}"));
    // helm prints the stored manifest plus a newline
    assertThat(helm.ok("get", "manifest", "app", "-n", ns.name()))
        .isEqualTo(actions.config().storage().get("app", 2).orElseThrow().manifest() + "\n");
    JsonNode status = JSON.readTree(helm.ok("status", "app", "-n", ns.name(), "-o", "json"));
    assertThat(status.path("info").path("status").asText()).isEqualTo("deployed");
    assertThat(status.path("info").path("notes").asText())
        .isEqualTo("app installed: revision 2.\n");
    assertThat(status.path("version").asInt()).isEqualTo(2);
    assertThat(helm.ok("get", "notes", "app", "-n", ns.name())).contains("revision 2");

    // helm rollback works on Capstan's release and Capstan reads the result
    // the fields belong to Capstan's field manager: helm's server-side apply must force them
    assertThat(helm.run("rollback", "app", "1", "-n", ns.name()).err())
        .contains("conflicts with \"helm-controller\"");
    helm.ok("rollback", "app", "1", "-n", ns.name(), "--force-conflicts");
    // helm recorded its failed attempt as v3 (failed) and the forced one as v4
    assertThat(actions.config().storage().get("app", 3).orElseThrow().status())
        .isEqualTo(ReleaseStatus.FAILED);
    Release v4 = actions.config().storage().last("app").orElseThrow();
    assertThat(v4.version()).isEqualTo(4);
    assertThat(v4.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v4.info().description()).isEqualTo("Rollback to 1");
    assertThat(v4.info().rollbackRevision()).isEqualTo(1);
    assertThat(v4.config()).isEqualTo(Map.of("message", "one", "extra", true));
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-extra").get()).isNotNull();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get().getData())
        .containsEntry("message", "one");

    // and Capstan upgrades on top of helm's rollback
    Release v5 =
        actions.upgrade(
            UpgradeRequest.builder("app", ns.name(), chart)
                .values(Map.of("message", "five"))
                .build());
    assertThat(v5.version()).isEqualTo(5);
    assertThat(actions.config().storage().get("app", 4).orElseThrow().status())
        .isEqualTo(ReleaseStatus.SUPERSEDED);

    helm.ok("uninstall", "app", "-n", ns.name());
    assertThat(actions.config().storage().history("app")).isEmpty();
    assertThat(client.configMaps().inNamespace(ns.name()).withName("app-config").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("app-web").get())
        .isNull();
  }

  @Test
  @DisplayName("Capstan's uninstall with keepHistory is shown by helm as uninstalled")
  void keepHistoryShownByHelm(
      KubernetesClient client, KubeNamespace ns, KubeControlPlane plane, @TempDir Path home)
      throws Exception {
    HelmCli helm = new HelmCli(plane.kubeconfig(), home);
    HelmActions actions = Charts.actions(client, ns.name());
    actions.install(InstallRequest.builder("app", ns.name(), chart).build());
    actions.uninstall(new UninstallRequest("app", null, false, true, false, null, null));
    JsonNode list = JSON.readTree(helm.ok("list", "-n", ns.name(), "--uninstalled", "-o", "json"));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("status").asText()).isEqualTo("uninstalled");
    // helm v4's default list shows every state; --deployed does not show it
    assertThat(helm.ok("list", "-n", ns.name(), "--deployed", "-q").strip()).isEmpty();
    List<Release> h = actions.config().storage().history("app");
    assertThat(h)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.info().description()).isEqualTo("Uninstallation complete");
              assertThat(r.info().deleted()).isNotNull();
            });
  }
}

package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flux's ReleaseTargetChanged: a new release name or storage namespace uninstalls the release the
 * HelmRelease made (from where it is stored) before installing the new one.
 */
@WithKubernetes
class ReleaseTargetChangedTest {

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @DisplayName(
      "a changed releaseName, then storageNamespace: the old release is uninstalled, the new one"
          + " installed, history and storage follow")
  void releaseNameAndStorageNamespace(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture = f;
    f.createHelmChart("chart");
    f.publishChart("chart", "1.0.0");
    f.createHelmRelease(HelmReleaseReconcilerTest.release("app", ""));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    assertThat(releaseSecrets(f.client(), ns.name())).containsExactly("sh.helm.release.v1.app.v1");

    // A new release name: ConfigMap "one" belongs to release "app"; installing "renamed" over it
    // would be refused (invalid ownership metadata) unless "app" is uninstalled first.
    patch(f, "app", "{\"spec\":{\"releaseName\":\"renamed\"}}");
    f.awaitCondition(
        "app",
        "Ready",
        "True/InstallSucceeded: Helm install succeeded for release "
            + ns.name()
            + "/renamed.v1 with chart app@1.0.0");
    assertThat(releaseSecrets(f.client(), ns.name()))
        .containsExactly("sh.helm.release.v1.renamed.v1");
    assertThat(f.client().configMaps().withName("one").get().getMetadata().getAnnotations())
        .containsEntry("meta.helm.sh/release-name", "renamed");
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getName, HelmReleaseSnapshot::getVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("renamed", 1));
    assertThat(hr.getStatus().getStorageNamespace()).isEqualTo(ns.name());
    assertThat(events(f.client(), "UninstallSucceeded"))
        .anyMatch(
            m ->
                m.equals(
                    "Helm uninstall succeeded for release "
                        + ns.name()
                        + "/app.v1 with chart app@1.0.0"));

    // A new storage namespace: the release stored in the old one is uninstalled, then installed
    // again with its record in the new one.
    String store = ns.name() + "-store";
    f.client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(store).endMetadata().build())
        .create();
    patch(f, "app", "{\"spec\":{\"storageNamespace\":\"" + store + "\"}}");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              assertThat(f.get("app").getStatus().getStorageNamespace()).isEqualTo(store);
              assertThat(releaseSecrets(f.client(), store))
                  .containsExactly("sh.helm.release.v1.renamed.v1");
            });
    f.awaitCondition(
        "app",
        "Ready",
        "True/InstallSucceeded: Helm install succeeded for release "
            + ns.name()
            + "/renamed.v1 with chart app@1.0.0");
    assertThat(releaseSecrets(f.client(), ns.name())).isEmpty();
    assertThat(f.client().configMaps().withName("one").get()).isNotNull();
  }

  private static void patch(HelmReleaseFixture f, String name, String json) {
    f.client()
        .resources(HelmRelease.class)
        .withName(name)
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  private static List<String> releaseSecrets(KubernetesClient client, String namespace) {
    return client.secrets().inNamespace(namespace).list().getItems().stream()
        .filter(s -> "helm.sh/release.v1".equals(s.getType()))
        .map(s -> s.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static List<String> events(KubernetesClient client, String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .map(io.fabric8.kubernetes.api.model.Event::getMessage)
        .toList();
  }
}

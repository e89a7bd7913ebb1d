package io.capstan.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Behaviour only a real API server has; each of these would fail against a mock. */
@WithKubernetes
class KubeApiServerProofTest {

  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("testing.toolkit.fluxcd.io")
          .withVersion("v1")
          .withPlural("widgets")
          .withKind("Widget")
          .withNamespaced(true)
          .build();

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  @DisplayName("server-side apply by one field manager removes a key the manager no longer applies")
  void reapplyWithoutKeyRemovesIt(KubernetesClient client) {
    client
        .configMaps()
        .resource(configMap("settings", Map.of("a", "1", "b", "2")))
        .fieldManager("manager-a")
        .serverSideApply();

    ConfigMap reapplied =
        client
            .configMaps()
            .resource(configMap("settings", Map.of("a", "1")))
            .fieldManager("manager-a")
            .serverSideApply();

    assertThat(reapplied.getData()).containsExactly(Map.entry("a", "1"));
    assertThat(client.configMaps().withName("settings").get().getData()).doesNotContainKey("b");
    assertThat(reapplied.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .containsExactly("manager-a");
  }

  @Test
  @DisplayName("a second field manager changing an owned field without force gets 409 Conflict")
  void conflictingApplyIsRejected(KubernetesClient client) {
    client
        .configMaps()
        .resource(configMap("owned", Map.of("a", "1")))
        .fieldManager("manager-a")
        .serverSideApply();

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .resource(configMap("owned", Map.of("a", "2")))
                    .fieldManager("manager-b")
                    .serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getMessage()).contains("manager-a");
            });
    assertThat(client.configMaps().withName("owned").get().getData()).containsEntry("a", "1");

    ConfigMap forced =
        client
            .configMaps()
            .resource(configMap("owned", Map.of("a", "2")))
            .fieldManager("manager-b")
            .forceConflicts()
            .serverSideApply();
    assertThat(forced.getData()).containsEntry("a", "2");
  }

  @Test
  @DisplayName("a dry-run create is validated and returned but leaves nothing behind")
  void dryRunCreateLeavesNothing(KubernetesClient client) {
    ConfigMap returned =
        client.configMaps().resource(configMap("dry", Map.of("k", "v"))).dryRun().create();

    assertThat(returned.getMetadata().getName()).isEqualTo("dry");
    assertThat(client.configMaps().withName("dry").get()).isNull();
    assertThatThrownBy(
            () ->
                client.configMaps().resource(configMap("Invalid_Name", Map.of())).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  @DisplayName("a CRD with a status subresource ignores spec changes sent to /status")
  void statusSubresourceIgnoresSpec(KubernetesClient client) {
    GenericKubernetesResource widget =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("testing.toolkit.fluxcd.io/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName("w")
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("size", 1)))
            .build();
    GenericKubernetesResource created =
        client.genericKubernetesResources(WIDGETS).resource(widget).create();

    created.setAdditionalProperty("spec", Map.of("size", 5));
    created.setAdditionalProperty("status", Map.of("phase", "Ready"));
    GenericKubernetesResource afterStatus =
        client.genericKubernetesResources(WIDGETS).resource(created).updateStatus();

    assertThat(afterStatus.<Integer>get("spec", "size")).isEqualTo(1);
    assertThat(afterStatus.<String>get("status", "phase")).isEqualTo("Ready");
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  @DisplayName(
      "CRDs on the classpath are installed only when their group ends in toolkit.fluxcd.io")
  void installsOnlyToolkitCrds(KubernetesClient client) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    assertThat(
            CustomResourceDefinitions.isEstablished(
                crds.withName("widgets.testing.toolkit.fluxcd.io").get()))
        .isTrue();
    assertThat(crds.withName("gadgets.example.com").get()).isNull();
  }

  @Test
  @DisplayName("each test runs in its own fresh namespace and the client defaults to it")
  void freshNamespacePerTest(KubernetesClient client, KubeNamespace namespace) {
    assertThat(client.getNamespace()).isEqualTo(namespace.name());
    assertThat(client.namespaces().withName(namespace.name()).get().getStatus().getPhase())
        .isEqualTo("Active");
    assertThat(client.configMaps().list().getItems())
        .allSatisfy(cm -> assertThat(cm.getMetadata().getName()).isEqualTo("kube-root-ca.crt"));
  }

  @Test
  @DisplayName("the control plane writes a kubeconfig that authenticates as cluster admin")
  void kubeconfigFileWorks(KubeControlPlane plane) throws Exception {
    String yaml = Files.readString(plane.kubeconfig());
    assertThat(yaml).contains("server: " + plane.apiServerUrl());
    try (KubernetesClient fromFile =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(yaml))
            .build()) {
      assertThat(fromFile.getKubernetesVersion().getGitVersion()).startsWith("v1.");
      assertThat(fromFile.namespaces().withName("kube-system").get()).isNotNull();
    }
  }

  @Nested
  class InANestedClass {
    @Test
    @DisplayName("nested test classes use the enclosing class's API server and get namespaces too")
    void nestedClassesAreSupported(KubernetesClient client, KubeNamespace namespace) {
      assertThat(client.getNamespace()).isEqualTo(namespace.name());
      assertThat(client.namespaces().withName(namespace.name()).get()).isNotNull();
    }
  }
}

package io.capstan.runtime.controller;

import static io.capstan.runtime.testkind.GitRepositories.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GroupVersion;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.KubernetesResourcePatcher;
import io.capstan.runtime.status.StatusPatcher;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A newer CRD allows an enum value this version's model does not know ({@code spec.provider:
 * gitea}). The runtime must keep reconciling such an object and must not write the value away. The
 * CRD is changed, so this class gets its own control plane.
 */
@WithKubernetes(isolated = true)
class UnknownEnumValueApiServerTest {

  private static final String NEW_PROVIDER = "gitea";

  @BeforeAll
  static void allowNewProvider(KubernetesClient admin) {
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("gitrepositories." + GroupVersion.GROUP)
        .edit(
            crd -> {
              crd.getSpec()
                  .getVersions()
                  .get(0)
                  .getSchema()
                  .getOpenAPIV3Schema()
                  .getProperties()
                  .get("spec")
                  .getProperties()
                  .get("provider")
                  .getEnum()
                  .add(TextNode.valueOf(NEW_PROVIDER));
              return crd;
            });
  }

  /** Creates a GitRepository with the new provider, once the API server serves the new schema. */
  private static void createWithNewProvider(KubernetesClient client, KubeNamespace ns) {
    GenericKubernetesResource repository =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(GroupVersion.API_VERSION)
            .withKind(GitRepository.KIND)
            .withNewMetadata()
            .withName("podinfo")
            .withNamespace(ns.name())
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "spec",
                    Map.of(
                        "url", "https://example.com/podinfo.git",
                        "interval", "10m",
                        "provider", NEW_PROVIDER)))
            .build();
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> client.resource(repository).create() != null);
  }

  private static JsonNode stored(KubernetesClient client, KubeNamespace ns) {
    return GitRepositories.stored(client, ns.name(), "podinfo").orElseThrow();
  }

  @Test
  @DisplayName("the model's default mapper cannot read the object (what the runtime must avoid)")
  void strictReadFails(KubernetesClient client, KubeNamespace ns) {
    createWithNewProvider(client, ns);

    assertThatThrownBy(() -> GitRepositories.in(client, ns.name(), "podinfo").get())
        .hasStackTraceContaining("\"" + NEW_PROVIDER + "\"");
  }

  @Test
  @DisplayName("the patcher reads, re-reads and patches it even through a strict client")
  void patcherIsUntyped(KubernetesClient client, KubeNamespace ns) {
    createWithNewProvider(client, ns);
    String version = stored(client, ns).at("/metadata/resourceVersion").asText();
    GitRepository handle = GitRepositories.named(ns.name(), "podinfo");
    handle.getMetadata().setResourceVersion(version);
    var patcher = new KubernetesResourcePatcher(client);

    Finalizers.add(handle, patcher);
    assertThat(patcher.get(handle).orElseThrow().at("/spec/provider").asText())
        .isEqualTo(NEW_PROVIDER);
    // The finalizer write moved the resourceVersion: patching at the old one conflicts, and the
    // conflict path re-reads the object (untyped) and retries.
    handle.getMetadata().setResourceVersion(version);
    ObjectNode before = (ObjectNode) stored(client, ns).get("status");
    Optional<String> written =
        new StatusPatcher(patcher, 2)
            .patch(handle, before, before.deepCopy().put("observedGeneration", 1));

    JsonNode object = stored(client, ns);
    assertThat(written).contains(object.at("/metadata/resourceVersion").asText());
    assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(1);
    assertThat(object.at("/spec/provider").asText()).isEqualTo(NEW_PROVIDER);
    assertThat(object.at("/metadata/finalizers/0").asText()).isEqualTo(Finalizers.FLUX);
  }

  @Test
  @DisplayName("an operator reading with TolerantSerialization reconciles it and keeps the value")
  void operatorReconciles(KubeControlPlane plane, KubernetesClient client, KubeNamespace ns) {
    ScriptedGitRepository kind = new ScriptedGitRepository();
    try (RunningOperator operator =
        RunningOperator.start(plane, ns.name(), kind, new SimpleMeterRegistry())) {
      createWithNewProvider(client, ns);

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(condition(stored(client, ns), "Ready").path("status").asText())
                      .isEqualTo("True"));
    }
    JsonNode object = stored(client, ns);
    assertThat(object.at("/spec/provider").asText()).isEqualTo(NEW_PROVIDER);
    assertThat(object.at("/metadata/finalizers/0").asText()).isEqualTo(Finalizers.FLUX);
    assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(1);
    assertThat(kind.runs).hasSize(1);
  }
}

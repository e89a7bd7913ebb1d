package io.capstan.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.controller.Finalizers;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link KubernetesResourcePatcher} and {@link Finalizers} against a real API server. */
@WithKubernetes
class KubernetesResourcePatcherApiServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  private static JsonNode stored(KubernetesClient client, KubeNamespace ns, String name) {
    return GitRepositories.stored(client, ns.name(), name).orElseThrow();
  }

  @Test
  @DisplayName("a status patch at the current resourceVersion writes status only")
  void patchesStatus(KubernetesClient client, KubeNamespace ns) throws Exception {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    var patcher = new KubernetesResourcePatcher(client);

    String version =
        patcher.patchStatus(
            repo,
            json(
                "{'metadata':{'resourceVersion':'"
                    + repo.getMetadata().getResourceVersion()
                    + "'},'status':{'observedGeneration':1,'observedIgnore':'*.md'},"
                    + "'spec':{'url':'https://example.com/other.git'}}"));

    JsonNode object = stored(client, ns, "podinfo");
    assertThat(version)
        .isEqualTo(object.at("/metadata/resourceVersion").asText())
        .isNotEqualTo(repo.getMetadata().getResourceVersion());
    assertThat(object.at("/status/observedGeneration").asLong()).isEqualTo(1);
    assertThat(object.at("/status/observedIgnore").asText()).isEqualTo("*.md");
    // The status subresource ignores everything but status.
    assertThat(object.at("/spec/url").asText()).isEqualTo("https://example.com/podinfo.git");
    assertThat(object.at("/metadata/generation").asLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "status subresource: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a patch carrying a stale resourceVersion fails with ResourceConflictException")
  void staleVersionConflicts(boolean statusSubresource, KubernetesClient client, KubeNamespace ns)
      throws Exception {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    String stale = repo.getMetadata().getResourceVersion();
    var patcher = new KubernetesResourcePatcher(client);
    patcher.patchStatus(repo, json("{'status':{'observedIgnore':'first'}}"));
    String current = stored(client, ns, "podinfo").at("/metadata/resourceVersion").asText();

    JsonNode patch =
        statusSubresource
            ? json(
                "{'metadata':{'resourceVersion':'" + stale + "'},'status':{'observedIgnore':'x'}}")
            : json(
                "{'metadata':{'resourceVersion':'"
                    + stale
                    + "','finalizers':['"
                    + Finalizers.FLUX
                    + "']}}");

    assertThatThrownBy(
            () -> {
              if (statusSubresource) {
                patcher.patchStatus(repo, patch);
              } else {
                patcher.patch(repo, patch);
              }
            })
        .isInstanceOf(ResourceConflictException.class)
        .hasMessageContaining("GitRepository " + ns.name() + "/podinfo")
        .cause()
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    JsonNode object = stored(client, ns, "podinfo");
    assertThat(object.at("/metadata/resourceVersion").asText()).isEqualTo(current);
    assertThat(object.at("/status/observedIgnore").asText()).isEqualTo("first");
    assertThat(object.at("/metadata/finalizers").isMissingNode()).isTrue();
  }

  @Test
  @DisplayName("null in a merge patch removes the field and keeps its siblings")
  void nullRemovesField(KubernetesClient client, KubeNamespace ns) throws Exception {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    var patcher = new KubernetesResourcePatcher(client);
    patcher.patchStatus(
        repo,
        json(
            "{'status':{'observedIgnore':'*.md','observedSparseCheckout':['deploy'],"
                + "'artifact':{'path':'p','url':'http://a/p','revision':'main@sha1:abc',"
                + "'digest':'sha256:00','lastUpdateTime':'2025-01-01T00:00:00Z'}}}"));

    patcher.patchStatus(repo, json("{'status':{'artifact':null,'observedIgnore':null}}"));

    JsonNode status = stored(client, ns, "podinfo").get("status");
    assertThat(status.has("artifact")).isFalse();
    assertThat(status.has("observedIgnore")).isFalse();
    assertThat(status.get("observedSparseCheckout").toString()).isEqualTo("[\"deploy\"]");
  }

  @Test
  @DisplayName("the finalizer is added once, and the in-memory object follows the server")
  void addsFinalizer(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    var patcher = new KubernetesResourcePatcher(client);

    Finalizers.add(repo, patcher);
    String afterFirst = stored(client, ns, "podinfo").at("/metadata/resourceVersion").asText();
    Finalizers.add(repo, patcher);

    JsonNode object = stored(client, ns, "podinfo");
    assertThat(object.at("/metadata/finalizers").toString())
        .isEqualTo("[\"" + Finalizers.FLUX + "\"]");
    assertThat(object.at("/metadata/resourceVersion").asText()).isEqualTo(afterFirst);
    assertThat(repo.getMetadata().getResourceVersion()).isEqualTo(afterFirst);
    assertThat(repo.getMetadata().getFinalizers()).containsExactly(Finalizers.FLUX);
  }

  @Test
  @DisplayName("removing the last finalizer of a deleting object lets it go")
  void removingLastFinalizerDeletes(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    var patcher = new KubernetesResourcePatcher(client);
    Finalizers.add(repo, patcher);
    GitRepositories.in(client, ns.name(), "podinfo").delete();
    GitRepository deleting = GitRepositories.in(client, ns.name(), "podinfo").get();
    assertThat(deleting.isMarkedForDeletion()).isTrue();

    Finalizers.remove(deleting, patcher);

    GitRepositories.in(client, ns.name(), "podinfo")
        .waitUntilCondition(r -> r == null, 10, TimeUnit.SECONDS);
    assertThat(patcher.get(deleting)).isEmpty();
  }

  @Test
  @DisplayName("removing our finalizer keeps the finalizers of others")
  void removingKeepsOthers(KubernetesClient client, KubeNamespace ns) {
    GitRepository repo = GitRepositories.named(ns.name(), "podinfo");
    repo.getMetadata().setFinalizers(new ArrayList<>(List.of("example.com/keep")));
    repo = client.resource(repo).create();
    var patcher = new KubernetesResourcePatcher(client);
    Finalizers.add(repo, patcher);
    GitRepositories.in(client, ns.name(), "podinfo").delete();
    GitRepository deleting = GitRepositories.in(client, ns.name(), "podinfo").get();

    Finalizers.remove(deleting, patcher);

    JsonNode object = stored(client, ns, "podinfo");
    assertThat(object.at("/metadata/finalizers").toString()).isEqualTo("[\"example.com/keep\"]");
    assertThat(object.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
    // Let the namespace go.
    GitRepositories.in(client, ns.name(), "podinfo")
        .edit(
            r -> {
              r.getMetadata().setFinalizers(List.of());
              return r;
            });
  }

  @Test
  @DisplayName("get returns the stored object as JSON, and empty once it is gone")
  void getsOrEmpty(KubernetesClient client, KubeNamespace ns) throws Exception {
    GitRepository repo = GitRepositories.create(client, ns.name(), "podinfo");
    var patcher = new KubernetesResourcePatcher(client);
    String version = patcher.patchStatus(repo, json("{'status':{'observedIgnore':'x'}}"));

    JsonNode latest = patcher.get(repo).orElseThrow();
    assertThat(latest.at("/metadata/resourceVersion").asText()).isEqualTo(version);
    assertThat(latest.at("/status/observedIgnore").asText()).isEqualTo("x");
    assertThat(patcher.get(GitRepositories.named(ns.name(), "absent"))).isEmpty();
  }

  @Test
  @DisplayName("a write to an object that does not exist fails with 404, not as a conflict")
  void missingObjectIsNotAConflict(KubernetesClient client, KubeNamespace ns) throws Exception {
    var patcher = new KubernetesResourcePatcher(client);
    GitRepository absent = GitRepositories.named(ns.name(), "absent");
    absent.getMetadata().setResourceVersion("1");

    assertThatThrownBy(
            () ->
                patcher.patchStatus(
                    absent,
                    json("{'metadata':{'resourceVersion':'1'},'status':{'observedIgnore':'x'}}")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404))
        .isNotInstanceOf(ResourceConflictException.class);
  }
}

package io.capstan.runtime.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.kube.KubernetesResourcePatcher;
import io.capstan.runtime.kube.ResourceConflictException;
import io.capstan.runtime.kube.ResourcePatcher;
import io.capstan.runtime.testkind.GitRepositories;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StatusPatcher} against the API server's real optimistic lock: another writer changes the
 * object between our read and our patch.
 */
@WithKubernetes
class StatusPatcherApiServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Counts what reaches the API server; a 409 counts as a status write too. */
  private static final class CountingPatcher implements ResourcePatcher {
    private final ResourcePatcher delegate;
    final List<JsonNode> statusWrites = new ArrayList<>();
    int conflicts;
    int reads;

    CountingPatcher(ResourcePatcher delegate) {
      this.delegate = delegate;
    }

    @Override
    public String patchStatus(HasMetadata resource, JsonNode mergePatch) {
      statusWrites.add(mergePatch);
      try {
        return delegate.patchStatus(resource, mergePatch);
      } catch (ResourceConflictException e) {
        conflicts++;
        throw e;
      }
    }

    @Override
    public String patch(HasMetadata resource, JsonNode mergePatch) {
      return delegate.patch(resource, mergePatch);
    }

    @Override
    public Optional<JsonNode> get(HasMetadata resource) {
      reads++;
      return delegate.get(resource);
    }
  }

  /** An object whose status holds {@code status}, read as a controller would before reconciling. */
  private static GitRepository readWithStatus(
      KubernetesClient client, KubeNamespace ns, String status) {
    GitRepository created = GitRepositories.create(client, ns.name(), "podinfo");
    new KubernetesResourcePatcher(client).patchStatus(created, json("{'status':" + status + "}"));
    return GitRepositories.in(client, ns.name(), "podinfo").get();
  }

  private static JsonNode storedStatus(KubernetesClient client, KubeNamespace ns) {
    return GitRepositories.stored(client, ns.name(), "podinfo").orElseThrow().get("status");
  }

  private static String storedVersion(KubernetesClient client, KubeNamespace ns) {
    return GitRepositories.stored(client, ns.name(), "podinfo")
        .orElseThrow()
        .at("/metadata/resourceVersion")
        .asText();
  }

  static Stream<Arguments> concurrentWrites() {
    return Stream.of(
        Arguments.of(
            "another field: both changes survive",
            "{'observedRecurseSubmodules':true}",
            "{'observedGeneration':1,'observedIgnore':'*.md','observedRecurseSubmodules':true}"),
        Arguments.of(
            "the same field: our change is re-applied on top",
            "{'observedIgnore':'theirs'}",
            "{'observedGeneration':1,'observedIgnore':'*.md'}"),
        Arguments.of(
            "a field we remove: it is removed again",
            "{'observedSparseCheckout':['other']}",
            "{'observedGeneration':1,'observedIgnore':'*.md'}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("concurrentWrites")
  @DisplayName("a conflicting write is re-read, re-applied and retried until it succeeds")
  void conflictIsRetried(
      String description,
      String theirs,
      String expected,
      KubernetesClient client,
      KubeNamespace ns) {
    GitRepository read =
        readWithStatus(client, ns, "{'observedGeneration':-1,'observedSparseCheckout':['a']}");
    JsonNode before = json("{'observedGeneration':-1,'observedSparseCheckout':['a']}");
    JsonNode after = json("{'observedGeneration':1,'observedIgnore':'*.md'}");
    // Another writer changes the object between our read and our patch.
    new KubernetesResourcePatcher(client).patchStatus(read, json("{'status':" + theirs + "}"));
    CountingPatcher patcher = new CountingPatcher(new KubernetesResourcePatcher(client));

    Optional<String> version = new StatusPatcher(patcher, 3).patch(read, before, after);

    assertThat(patcher.conflicts).isEqualTo(1);
    assertThat(patcher.statusWrites).hasSize(2);
    assertThat(version).contains(storedVersion(client, ns));
    assertThat(storedStatus(client, ns)).isEqualTo(json(expected));
  }

  @Test
  @DisplayName("when the other writer already wrote our change, nothing more is sent")
  void concurrentIdenticalWriteNeedsNoPatch(KubernetesClient client, KubeNamespace ns) {
    GitRepository read = readWithStatus(client, ns, "{'observedGeneration':-1}");
    JsonNode before = json("{'observedGeneration':-1}");
    JsonNode after = json("{'observedGeneration':1}");
    new KubernetesResourcePatcher(client).patchStatus(read, json("{'status':" + after + "}"));
    String theirs = storedVersion(client, ns);
    CountingPatcher patcher = new CountingPatcher(new KubernetesResourcePatcher(client));

    Optional<String> version = new StatusPatcher(patcher, 3).patch(read, before, after);

    assertThat(patcher.statusWrites).hasSize(1);
    assertThat(patcher.conflicts).isEqualTo(1);
    assertThat(version).contains(theirs);
    assertThat(storedVersion(client, ns)).isEqualTo(theirs);
  }

  @Test
  @DisplayName("an unchanged status sends no patch: the resourceVersion stays the same")
  void unchangedStatusSendsNothing(KubernetesClient client, KubeNamespace ns) {
    GitRepository read = readWithStatus(client, ns, "{'observedGeneration':1}");
    String version = storedVersion(client, ns);
    CountingPatcher patcher = new CountingPatcher(new KubernetesResourcePatcher(client));
    JsonNode status = json("{'observedGeneration':1}");

    assertThat(new StatusPatcher(patcher, 3).patch(read, status, status.deepCopy())).isEmpty();

    assertThat(patcher.statusWrites).isEmpty();
    assertThat(storedVersion(client, ns)).isEqualTo(version);
  }

  @Test
  @DisplayName("a change is one locked patch that moves the resourceVersion")
  void changeIsOnePatch(KubernetesClient client, KubeNamespace ns) {
    GitRepository read = readWithStatus(client, ns, "{'observedGeneration':-1}");
    String version = storedVersion(client, ns);
    CountingPatcher patcher = new CountingPatcher(new KubernetesResourcePatcher(client));

    Optional<String> written =
        new StatusPatcher(patcher, 3)
            .patch(read, json("{'observedGeneration':-1}"), json("{'observedGeneration':1}"));

    assertThat(patcher.statusWrites)
        .containsExactly(
            json(
                "{'metadata':{'resourceVersion':'"
                    + version
                    + "'},'status':{'observedGeneration':1}}"));
    assertThat(written).contains(storedVersion(client, ns)).isNotEqualTo(Optional.of(version));
    assertThat(storedStatus(client, ns)).isEqualTo(json("{'observedGeneration':1}"));
  }

  @Test
  @DisplayName("with one attempt allowed, a conflict is reported and nothing is written")
  void attemptsExhausted(KubernetesClient client, KubeNamespace ns) {
    GitRepository read = readWithStatus(client, ns, "{'observedGeneration':-1}");
    new KubernetesResourcePatcher(client)
        .patchStatus(read, json("{'status':{'observedIgnore':'theirs'}}"));
    String theirs = storedVersion(client, ns);

    assertThatThrownBy(
            () ->
                new StatusPatcher(new KubernetesResourcePatcher(client), 1)
                    .patch(
                        read, json("{'observedGeneration':-1}"), json("{'observedGeneration':1}")))
        .isInstanceOf(ResourceConflictException.class);
    assertThat(storedVersion(client, ns)).isEqualTo(theirs);
    assertThat(storedStatus(client, ns))
        .isEqualTo(json("{'observedGeneration':-1,'observedIgnore':'theirs'}"));
  }
}

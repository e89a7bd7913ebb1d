package io.capstan.runtime.testkind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositorySpec;
import io.capstan.api.source.v1.GroupVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Optional;

/**
 * Real Flux {@link GitRepository} objects for tests against an API server: built the way a user
 * writes them (URL, interval), created, read back as stored JSON.
 */
public final class GitRepositories {

  private GitRepositories() {}

  /** A GitRepository in {@code namespace}, interval 10m (no timer reconcile during a test). */
  public static GitRepository named(String namespace, String name) {
    GitRepository repository = new GitRepository();
    repository.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    GitRepositorySpec spec = new GitRepositorySpec();
    spec.setUrl("https://example.com/" + name + ".git");
    spec.setInterval("10m");
    repository.setSpec(spec);
    return repository;
  }

  /** Creates {@code name} in {@code namespace} and returns it as stored. */
  public static GitRepository create(KubernetesClient client, String namespace, String name) {
    return client.resource(named(namespace, name)).create();
  }

  /** The object's handle in the API. */
  public static Resource<GitRepository> in(KubernetesClient client, String namespace, String name) {
    return client.resources(GitRepository.class).inNamespace(namespace).withName(name);
  }

  /**
   * The stored object as the API server returns it (read untyped, so nothing is lost or added by
   * the Java model), empty when it does not exist.
   */
  public static Optional<JsonNode> stored(KubernetesClient client, String namespace, String name) {
    GenericKubernetesResource current =
        client
            .genericKubernetesResources(GroupVersion.API_VERSION, GitRepository.KIND)
            .inNamespace(namespace)
            .withName(name)
            .get();
    return Optional.ofNullable(current)
        .map(r -> client.getKubernetesSerialization().convertValue(r, JsonNode.class));
  }

  /** The condition of {@code type} in a stored object's JSON, or a missing node. */
  public static JsonNode condition(JsonNode object, String type) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }
}

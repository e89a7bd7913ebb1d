package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays source-controller's part against the API server: creates a GitRepository and writes its
 * {@code status.artifact} through the status subresource; reads Kustomization conditions back.
 */
final class SourceFixture {

  private final KubernetesClient client;
  private final String namespace;

  SourceFixture(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  void createGitRepository(String name) {
    GenericKubernetesResource repo =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("source.toolkit.fluxcd.io/v1")
            .withKind("GitRepository")
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withAdditionalProperties(
                Map.of("spec", Map.of("url", "https://example.com/repo.git", "interval", "1h")))
            .build();
    client.resource(repo).create();
  }

  /** Creates the GitRepository {@code name} and publishes {@code artifact} as its revision. */
  void createGitRepository(String name, ArtifactHost.Published artifact, String revision) {
    createGitRepository(name, artifact, revision, Map.of());
  }

  /** As {@link #createGitRepository(String, ArtifactHost.Published, String)}, with metadata. */
  void createGitRepository(
      String name, ArtifactHost.Published artifact, String revision, Map<String, String> metadata) {
    createGitRepository(name);
    publish(name, artifact, revision, metadata);
  }

  /** Sets {@code status.artifact} as source-controller does after storing a revision. */
  void publish(String name, ArtifactHost.Published artifact, String revision) {
    publish(name, artifact, revision, Map.of());
  }

  /** As {@link #publish(String, ArtifactHost.Published, String)}, with artifact metadata. */
  void publish(
      String name, ArtifactHost.Published artifact, String revision, Map<String, String> metadata) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", "gitrepository/" + namespace + "/" + name + "/artifact.tar.gz");
    fields.put("url", artifact.url());
    fields.put("revision", revision);
    fields.put("digest", artifact.digest());
    fields.put("size", artifact.size());
    fields.put("lastUpdateTime", Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
    if (!metadata.isEmpty()) {
      fields.put("metadata", metadata);
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("artifact", fields);
    client
        .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            r -> {
              r.getAdditionalProperties().put("status", status);
              return r;
            });
  }

  /** Creates the Kustomization {@code yaml} describes, as {@code kubectl create -f} would. */
  void createKustomization(String yaml) {
    client
        .resource(client.getKubernetesSerialization().unmarshal(yaml, Kustomization.class))
        .create();
  }

  /**
   * Creates Kustomization {@code app} over GitRepository {@code repo} (interval 1m, retryInterval
   * 2s, prune, targetNamespace this namespace) with {@code extraSpec} appended to its spec (lines
   * indented by two spaces, or empty).
   */
  void createAppKustomization(String extraSpec) {
    createKustomization(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 1m
          retryInterval: 2s
          prune: true
          targetNamespace: %s
          sourceRef:
            kind: GitRepository
            name: repo
        %s"""
            .formatted(namespace, extraSpec));
  }

  /**
   * Waits up to {@code timeout} until condition {@code type} of Kustomization {@code name} reads
   * exactly {@code expected} ("Status/Reason: message"); fails the test otherwise.
   */
  void awaitCondition(String name, String type, String expected, Duration timeout) {
    await()
        .atMost(timeout)
        .untilAsserted(
            () -> {
              assertThat(condition(name, type)).contains(expected);
              checkStatusContract(name);
            });
  }

  /**
   * Waits up to {@code timeout} until condition {@code type} of Kustomization {@code name} is set
   * and starts with {@code prefix}; fails the test otherwise.
   */
  void awaitConditionStartingWith(String name, String type, String prefix, Duration timeout) {
    await()
        .atMost(timeout)
        .untilAsserted(
            () -> {
              assertThat(condition(name, type))
                  .hasValueSatisfying(c -> assertThat(c).startsWith(prefix));
              checkStatusContract(name);
            });
  }

  /**
   * The shared Flux status contract (toolkit-testing's {@link StatusContract}) on Kustomization
   * {@code name}, with the reasons of {@link KustomizationConditions#REASONS}: part of every await
   * above, so a scenario's awaited status must also be a consistent one.
   */
  void checkStatusContract(String name) {
    StatusContract.check(kustomization(name), KustomizationConditions.REASONS);
  }

  Kustomization kustomization(String name) {
    return client.resources(Kustomization.class).inNamespace(namespace).withName(name).get();
  }

  /** The condition {@code type} of the Kustomization as "Status/Reason: message", if set. */
  Optional<String> condition(String name, String type) {
    Kustomization k = kustomization(name);
    if (k == null || k.getStatus() == null || k.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return k.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
        .findFirst();
  }

  List<String> inventoryIds(String name) {
    Kustomization k = kustomization(name);
    if (k == null || k.getStatus() == null || k.getStatus().getInventory() == null) {
      return List.of();
    }
    return k.getStatus().getInventory().getEntries().stream().map(e -> e.getId()).toList();
  }
}

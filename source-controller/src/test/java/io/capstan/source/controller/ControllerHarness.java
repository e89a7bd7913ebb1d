package io.capstan.source.controller;

import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.source.SourceController;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One real source-controller (the {@link SourceController} embedding API) against the test API
 * server, and what the tests do as a user: apply YAML, read status, download artifacts.
 */
final class ControllerHarness implements AutoCloseable {

  final KubernetesClient admin;
  final SourceController controller;
  final Path storage;
  final ArtifactFetcher fetcher =
      ArtifactFetcher.builder()
          .retries(1)
          .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
          .build();

  ControllerHarness(KubernetesClient admin, Path storage) throws Exception {
    this.admin = admin;
    this.storage = storage;
    this.controller =
        SourceController.builder()
            .client(admin)
            .storagePath(storage)
            .storageAddress("127.0.0.1:0")
            .concurrency(4)
            .requeueDependency(Duration.ofSeconds(1))
            .build()
            .start();
  }

  GitRepository apply(String namespace, String yaml) {
    GitRepository repo =
        admin
            .resources(GitRepository.class)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    repo.getMetadata().setNamespace(namespace);
    return admin.resource(repo).create();
  }

  GitRepository get(String namespace, String name) {
    return admin.resources(GitRepository.class).inNamespace(namespace).withName(name).get();
  }

  GitRepository awaitStatus(String namespace, String name, Predicate<GitRepository> condition) {
    // An exception on a library's own thread (e.g. MINA SSHD's NIO pool racing its shutdown after
    // a refused host key) is not the status under test: do not let Awaitility rethrow it here.
    return await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(namespace, name), r -> r != null && condition.test(r));
  }

  GitRepository awaitReady(String namespace, String name) {
    GitRepository r = awaitStatus(namespace, name, StatusContract::ready);
    StatusContract.check(r);
    return r;
  }

  void edit(String namespace, String name, java.util.function.UnaryOperator<GitRepository> f) {
    admin.resources(GitRepository.class).inNamespace(namespace).withName(name).edit(f);
  }

  void secret(String namespace, String name, Map<String, String> data) {
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(data)
                .build())
        .createOr(r -> r.update());
  }

  /** Downloads the artifact through the artifact server, verifying its digest; path → content. */
  Map<String, String> files(Artifact artifact) throws Exception {
    try (FetchedArtifact fetched =
        fetcher.fetch(artifact.getUrl(), artifact.getDigest(), artifact.getSize())) {
      try (Stream<Path> walk = Files.walk(fetched.root())) {
        return walk.filter(Files::isRegularFile)
            .collect(
                Collectors.toMap(
                    p -> fetched.root().relativize(p).toString().replace('\\', '/'),
                    p -> {
                      try {
                        return Files.readString(p);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    },
                    (a, b) -> a,
                    TreeMap::new));
      }
    }
  }

  @Override
  public void close() {
    controller.close();
  }
}

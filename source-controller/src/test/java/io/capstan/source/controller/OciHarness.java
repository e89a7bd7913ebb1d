package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.OCIRepository;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One real source-controller against the test API server for OCIRepository tests: apply YAML, read
 * status, download artifacts; plus the OCIRepository status contract.
 */
final class OciHarness implements AutoCloseable {

  final KubernetesClient admin;
  final SourceController controller;
  final Path storage;
  final ArtifactFetcher fetcher =
      ArtifactFetcher.builder()
          .retries(1)
          .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
          .build();

  OciHarness(KubernetesClient admin, Path storage, long maxLayerSize) throws Exception {
    this.admin = admin;
    this.storage = storage;
    this.controller =
        SourceController.builder()
            .client(admin)
            .storagePath(storage)
            .storageAddress("127.0.0.1:0")
            .concurrency(4)
            .ociMaxLayerSize(maxLayerSize)
            .build()
            .start();
  }

  /** An OCIRepository on a plain-HTTP registry. */
  static String yaml(String name, String url, String extraSpec) {
    return tlsYaml(name, url, "  insecure: true\n" + extraSpec);
  }

  /** An OCIRepository without {@code insecure} (HTTPS registry). */
  static String tlsYaml(String name, String url, String extraSpec) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\n"
        + "kind: OCIRepository\n"
        + "metadata:\n  name: "
        + name
        + "\n"
        + "spec:\n  interval: 1h\n  timeout: 10s\n  url: "
        + url
        + "\n"
        + extraSpec;
  }

  OCIRepository apply(String namespace, String yaml) {
    OCIRepository repo =
        admin
            .resources(OCIRepository.class)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    repo.getMetadata().setNamespace(namespace);
    return admin.resource(repo).create();
  }

  OCIRepository get(String namespace, String name) {
    return admin.resources(OCIRepository.class).inNamespace(namespace).withName(name).get();
  }

  OCIRepository awaitStatus(String namespace, String name, Predicate<OCIRepository> condition) {
    // An exception on a library's own thread (e.g. MINA SSHD's NIO pool racing its shutdown after
    // a refused host key) is not the status under test: do not let Awaitility rethrow it here.
    return await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(namespace, name), r -> r != null && condition.test(r));
  }

  OCIRepository awaitReady(String namespace, String name) {
    OCIRepository r = awaitStatus(namespace, name, OciHarness::ready);
    check(r);
    return r;
  }

  void edit(String namespace, String name, UnaryOperator<OCIRepository> f) {
    admin.resources(OCIRepository.class).inNamespace(namespace).withName(name).edit(f);
  }

  void requestReconcile(String namespace, String name, String value) {
    edit(
        namespace,
        name,
        r -> {
          if (r.getMetadata().getAnnotations() == null) {
            r.getMetadata().setAnnotations(new HashMap<>());
          }
          r.getMetadata().getAnnotations().put("reconcile.fluxcd.io/requestedAt", value);
          return r;
        });
  }

  void secret(String namespace, String name, String type, Map<String, String> data) {
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withType(type)
                .withStringData(data)
                .build())
        .createOr(r -> r.update());
  }

  /**
   * Downloads {@code status.url} (the stable latest link), verifying it is exactly the artifact in
   * status (digest and size); path → content.
   */
  Map<String, String> filesAtStatusUrl(OCIRepository repo) throws Exception {
    Artifact a = repo.getStatus().getArtifact();
    Artifact viaLink = new Artifact();
    viaLink.setUrl(repo.getStatus().getUrl());
    viaLink.setDigest(a.getDigest());
    viaLink.setSize(a.getSize());
    return files(viaLink);
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

  static Optional<Condition> condition(OCIRepository repo, String type) {
    if (repo.getStatus() == null || repo.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return repo.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static boolean has(OCIRepository repo, String type, Condition.Status status, String reason) {
    return condition(repo, type)
        .filter(c -> c.getStatus() == status && (reason == null || reason.equals(c.getReason())))
        .isPresent();
  }

  static boolean ready(OCIRepository repo) {
    return has(repo, "Ready", Condition.Status.True, "Succeeded")
        && repo.getStatus().getObservedGeneration() != null
        && repo.getStatus().getObservedGeneration().equals(repo.getMetadata().getGeneration());
  }

  /** Ready ⇒ observed generation and Flux's message; reasons documented; kstatus exclusivity. */
  static void check(OCIRepository repo) {
    List<Condition> conditions =
        repo.getStatus() == null || repo.getStatus().getConditions() == null
            ? List.of()
            : repo.getStatus().getConditions();
    for (Condition c : conditions) {
      assertThat(OCIRepositoryConditions.REASONS)
          .as("reason of %s", c.getType())
          .contains(c.getReason());
    }
    boolean reconciling = has(repo, "Reconciling", Condition.Status.True, null);
    boolean stalled = has(repo, "Stalled", Condition.Status.True, null);
    assertThat(reconciling && stalled).as("Reconciling and Stalled together").isFalse();
    if (has(repo, "Ready", Condition.Status.True, null)) {
      assertThat(repo.getStatus().getObservedGeneration())
          .isEqualTo(repo.getMetadata().getGeneration());
      assertThat(reconciling || stalled).isFalse();
      assertThat(repo.getStatus().getArtifact()).isNotNull();
      assertThat(condition(repo, "Ready").orElseThrow().getMessage())
          .isEqualTo(
              "stored artifact for digest '" + repo.getStatus().getArtifact().getRevision() + "'");
    }
    if (stalled) {
      assertThat(repo.getStatus().getObservedGeneration())
          .isEqualTo(repo.getMetadata().getGeneration());
      assertThat(has(repo, "Ready", Condition.Status.False, null)).isTrue();
    }
  }

  @Override
  public void close() {
    controller.close();
  }
}

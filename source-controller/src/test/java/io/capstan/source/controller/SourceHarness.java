package io.capstan.source.controller;

import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One real source-controller (the {@link SourceController} embedding API, started here) against the
 * test API server, and what a test does with objects of kind {@code R} as a user: apply YAML, read
 * and await status, edit, write Secrets, download artifacts. The per-kind harnesses add their
 * kind's status contract.
 */
abstract class SourceHarness<R extends HasMetadata> implements AutoCloseable {

  final KubernetesClient admin;
  final SourceController controller;
  final Path storage;
  final ArtifactFetcher fetcher =
      ArtifactFetcher.builder()
          .retries(1)
          .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
          .build();
  private final Class<R> type;
  private final Duration awaitAtMost;

  /**
   * Starts a controller on {@code storage} with an ephemeral artifact server port, 4 workers and a
   * 1s dependency requeue, after {@code options} adjusted its builder.
   */
  SourceHarness(
      KubernetesClient admin,
      Path storage,
      Class<R> type,
      Duration awaitAtMost,
      UnaryOperator<SourceController.Builder> options)
      throws Exception {
    this(admin, storage, type, awaitAtMost, UnaryOperator.identity(), options);
  }

  /**
   * The same, after {@code flags} adjusted the controller's options (storage, 4 workers and the 1s
   * requeue already set).
   */
  SourceHarness(
      KubernetesClient admin,
      Path storage,
      Class<R> type,
      Duration awaitAtMost,
      UnaryOperator<SourceControllerOptions.Builder> flags,
      UnaryOperator<SourceController.Builder> options)
      throws Exception {
    this.admin = admin;
    this.storage = storage;
    this.type = type;
    this.awaitAtMost = awaitAtMost;
    this.controller =
        options
            .apply(
                SourceController.builder()
                    .client(admin)
                    .options(
                        flags
                            .apply(
                                SourceControllerOptions.builder()
                                    .storagePath(storage)
                                    .storageAddress("127.0.0.1:0")
                                    .concurrent(4)
                                    .requeueDependency(Duration.ofSeconds(1)))
                            .build()))
            .build()
            .start();
  }

  /** Creates the object of {@code yaml} (of any kind {@code kind}) in {@code namespace}. */
  <T extends HasMetadata> T apply(Class<T> kind, String namespace, String yaml) {
    T item =
        admin
            .resources(kind)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    item.getMetadata().setNamespace(namespace);
    return admin.resource(item).create();
  }

  R get(String namespace, String name) {
    return admin.resources(type).inNamespace(namespace).withName(name).get();
  }

  R awaitStatus(String namespace, String name, Predicate<R> condition) {
    // An exception on a library's own thread (e.g. MINA SSHD's NIO pool racing its shutdown after
    // a refused host key) is not the status under test: do not let Awaitility rethrow it here.
    return await()
        .dontCatchUncaughtExceptions()
        .atMost(awaitAtMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(namespace, name), r -> r != null && condition.test(r));
  }

  void edit(String namespace, String name, UnaryOperator<R> f) {
    admin.resources(type).inNamespace(namespace).withName(name).edit(f);
  }

  /** Sets {@code reconcile.fluxcd.io/requestedAt} to {@code value}: a manual reconcile request. */
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

  /** Creates or replaces an Opaque Secret with {@code data}. */
  void secret(String namespace, String name, Map<String, String> data) {
    secret(namespace, name, null, data);
  }

  /** Creates or replaces a Secret of {@code type} (null: Opaque) with {@code data}. */
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
   * Downloads the artifact through the artifact server, verifying its digest and size; path →
   * {@link #entry} of each file.
   */
  Map<String, String> files(Artifact artifact) throws Exception {
    try (FetchedArtifact fetched =
        fetcher.fetch(artifact.getUrl(), artifact.getDigest(), artifact.getSize())) {
      Map<String, String> out = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(fetched.root())) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          String name = fetched.root().relativize(p).toString().replace('\\', '/');
          out.put(name, entry(name, p));
        }
      }
      return out;
    }
  }

  /** How {@link #files} shows a downloaded file: its text. */
  String entry(String name, Path file) throws IOException {
    return Files.readString(file);
  }

  @Override
  public void close() {
    controller.close();
  }
}

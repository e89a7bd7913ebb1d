package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.meta.ConditionTypes;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.source.SourceController;
import io.capstan.source.helm.HelmSettings;
import io.capstan.testing.status.StatusContract;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
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
 * One real source-controller for HelmChart tests, with small chart size limits: apply YAML of any
 * source kind, read HelmChart status, download chart artifacts, and the HelmChart status contract.
 */
final class HelmChartHarness implements AutoCloseable {

  /** The chart size limit of the harness's controller ({@code --helm-chart-max-size}). */
  static final long MAX_CHART = 64 * 1024;

  final KubernetesClient admin;
  final SourceController controller;
  final Path storage;
  final ArtifactFetcher fetcher =
      ArtifactFetcher.builder()
          .retries(1)
          .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
          .build();

  HelmChartHarness(KubernetesClient admin, Path storage) throws Exception {
    this.admin = admin;
    this.storage = storage;
    this.controller =
        SourceController.builder()
            .client(admin)
            .storagePath(storage)
            .storageAddress("127.0.0.1:0")
            .concurrency(4)
            .requeueDependency(Duration.ofSeconds(1))
            .helm(
                new HelmSettings(
                    HelmSettings.DEFAULTS.indexMaxSize(),
                    MAX_CHART,
                    HelmSettings.DEFAULTS.chartFileMaxSize(),
                    HelmSettings.DEFAULTS.cacheMaxSize(),
                    HelmSettings.DEFAULTS.cacheTtl(),
                    HelmSettings.DEFAULTS.cachePurgeInterval()))
            .build()
            .start();
  }

  /** Creates the object of {@code yaml} (any kind) in {@code namespace}. */
  <T extends HasMetadata> T apply(Class<T> type, String namespace, String yaml) {
    T item =
        admin
            .resources(type)
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    item.getMetadata().setNamespace(namespace);
    return admin.resource(item).create();
  }

  HelmChart chart(String namespace, String yaml) {
    return apply(HelmChart.class, namespace, yaml);
  }

  HelmChart get(String namespace, String name) {
    return admin.resources(HelmChart.class).inNamespace(namespace).withName(name).get();
  }

  HelmChart awaitStatus(String namespace, String name, Predicate<HelmChart> condition) {
    return await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(namespace, name), r -> r != null && condition.test(r));
  }

  /** Awaits Ready=True for the current generation and checks the status contract. */
  HelmChart awaitReady(String namespace, String name) {
    HelmChart c = awaitStatus(namespace, name, HelmChartHarness::ready);
    check(c);
    return c;
  }

  void edit(String namespace, String name, UnaryOperator<HelmChart> f) {
    admin.resources(HelmChart.class).inNamespace(namespace).withName(name).edit(f);
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
   * Downloads the chart through the artifact server (digest verified) and returns its entries: path
   * → text (binary entries such as packaged dependencies as {@code <binary>}).
   */
  Map<String, String> files(Artifact artifact) throws Exception {
    try (FetchedArtifact fetched =
        fetcher.fetch(artifact.getUrl(), artifact.getDigest(), artifact.getSize())) {
      Map<String, String> out = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(fetched.root())) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          String name = fetched.root().relativize(p).toString().replace('\\', '/');
          out.put(name, name.endsWith(".tgz") ? "<binary>" : Files.readString(p));
        }
      }
      return out;
    }
  }

  static boolean has(HelmChart c, String type, Condition.Status status, String reason) {
    return StatusContract.has(c, type, status, reason);
  }

  /** The message of condition {@code type}, or null. */
  static String condition(HelmChart c, String type) {
    return StatusContract.condition(c, type).map(Condition::getMessage).orElse(null);
  }

  static boolean ready(HelmChart c) {
    return has(c, ConditionTypes.READY, Condition.Status.True, null)
        && c.getStatus().getObservedGeneration() != null
        && c.getStatus().getObservedGeneration().equals(c.getMetadata().getGeneration());
  }

  /** The shared contract, then: Ready ⇒ an artifact whose revision the Ready message names. */
  static void check(HelmChart c) {
    StatusContract.check(c, HelmChartConditions.REASONS);
    if (has(c, ConditionTypes.READY, Condition.Status.True, null)) {
      Artifact a = c.getStatus().getArtifact();
      assertThat(a).isNotNull();
      assertThat(StatusContract.condition(c, ConditionTypes.READY).orElseThrow().getMessage())
          .contains("chart with version '" + a.getRevision() + "'");
      assertThat(a.getPath())
          .isEqualTo(
              "helmchart/"
                  + c.getMetadata().getNamespace()
                  + "/"
                  + c.getMetadata().getName()
                  + "/"
                  + c.getStatus().getObservedChartName()
                  + "-"
                  + a.getRevision()
                  + ".tgz");
    }
  }

  @Override
  public void close() {
    controller.close();
  }
}

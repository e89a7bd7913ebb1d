package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.testing.WorkerHold;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skipUnchanged} for HelmChart and for GitRepository with {@code include}, against a real
 * API server and Git HTTP server with one reconcile worker: requests queued while the object waits
 * behind a busy worker reconcile it once (twice with the memo off, the Java Operator SDK's
 * behaviour), and a new artifact of the chart's source or of an included repository — their inputs
 * — still reconciles them once and takes effect.
 */
@WithKubernetes
class SourceQuietTest {

  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private KubernetesClient client;
  private Operator operator;
  private SourceController controller;
  private WorkerHold hold;
  private TestGitRepository charts;
  private TestGitRepository lib;
  private GitHttpServer http;
  private String ns;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (controller != null) {
      controller.close();
    }
    if (client != null) {
      client.close();
    }
    if (http != null) {
      http.close();
    }
    if (charts != null) {
      charts.close();
    }
    if (lib != null) {
      lib.close();
    }
  }

  private static String chart(String version) {
    return "apiVersion: v2\nname: app\nversion: " + version + "\n";
  }

  /**
   * Starts the controller (memo on or off) on an operator with one worker: a GitRepository {@code
   * charts} with a chart, a HelmChart {@code app} from it, a GitRepository {@code lib} and a
   * GitRepository {@code withlib} including it; waits until all are Ready.
   */
  private void start(KubeControlPlane plane, KubeNamespace namespace, boolean memo)
      throws Exception {
    ns = namespace.name();
    charts = TestGitRepository.create(temp.resolve("charts.git"));
    charts.commit(
        "main",
        "c1",
        Map.of(
            "chart/Chart.yaml",
            chart("0.1.0"),
            "chart/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"));
    lib = TestGitRepository.create(temp.resolve("lib.git"));
    lib.commit("main", "l1", Map.of("lib.yaml", "l1"));
    http =
        GitHttpServer.builder()
            .start()
            .serve("charts", charts.repository())
            .serve("lib", lib.repository());
    client =
        new KubernetesClientBuilder()
            .withConfig(plane.clientConfig(ns))
            .withKubernetesSerialization(TolerantSerialization.create())
            .build();
    operator = WorkerHold.singleWorkerOperator(client);
    hold = WorkerHold.register(operator, ns);
    try (WorkerHold.MemoSetting setting = WorkerHold.memo(memo)) {
      controller =
          SourceController.builder()
              .client(client)
              .options(
                  SourceControllerOptions.builder()
                      .storagePath(temp.resolve("storage"))
                      .storageAddress("127.0.0.1:0")
                      .watchNamespaces(Set.of(ns))
                      .requeueDependency(Duration.ofSeconds(1))
                      .build())
              .meterRegistry(registry)
              .build();
      controller.register(operator);
    }
    operator.start();
    create(gitRepository("charts", ""), GitRepository.class);
    create(gitRepository("lib", ""), GitRepository.class);
    create(
        gitRepository(
            "withlib", "  include:\n  - repository:\n      name: lib\n    toPath: vendor/lib\n"),
        GitRepository.class);
    create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata: {name: app, namespace: %s}
        spec:
          interval: 1h
          chart: ./chart
          sourceRef: {kind: GitRepository, name: charts}
        """
            .formatted(ns),
        HelmChart.class);
    awaitChartVersion("0.1.0");
    awaitIncluded(lib.head("main").name());
  }

  private String gitRepository(String name, String extra) {
    return """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: %s, namespace: %s}
        spec:
          interval: 1h
          url: %s
          ref: {branch: main}
        %s"""
        .formatted(name, ns, http.url(name.equals("withlib") ? "charts" : name), extra);
  }

  private <T extends HasMetadata> void create(String yaml, Class<T> type) {
    client.resource(TolerantSerialization.create().unmarshal(yaml, type)).create();
  }

  private <T extends HasMetadata> T awaitObject(
      Class<T> type, String name, Predicate<T> condition) {
    return await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> client.resources(type).inNamespace(ns).withName(name).get(),
            o -> o != null && condition.test(o));
  }

  private void awaitChartVersion(String version) {
    awaitObject(
        HelmChart.class,
        "app",
        c ->
            c.getStatus() != null
                && c.getStatus().getArtifact() != null
                && version.equals(c.getStatus().getArtifact().getRevision())
                && c.getStatus().getConditions().stream()
                    .anyMatch(
                        k -> "Ready".equals(k.getType()) && "True".equals(k.getStatus().name())));
  }

  private void awaitIncluded(String commit) {
    awaitObject(
        GitRepository.class,
        "withlib",
        r ->
            r.getStatus() != null
                && r.getStatus().getIncludedArtifacts() != null
                && r.getStatus().getIncludedArtifacts().size() == 1
                && r.getStatus().getIncludedArtifacts().get(0).getRevision().endsWith(commit)
                && StatusContract.ready(r));
  }

  private <T extends HasMetadata> void request(Class<T> type, String name, String token) {
    client
        .resources(type)
        .inNamespace(ns)
        .withName(name)
        .edit(
            r -> {
              Map<String, String> annotations =
                  new HashMap<>(
                      r.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : r.getMetadata().getAnnotations());
              annotations.put("reconcile.fluxcd.io/requestedAt", token);
              r.getMetadata().setAnnotations(annotations);
              return r;
            });
  }

  /** Two requests of {@code name} while it waits behind the held worker; its reconciles then. */
  private <T extends HasMetadata> double queuedBehindBusyWorker(
      Class<T> type, String kind, String name) throws Exception {
    double before = WorkerHold.settle(registry, kind, QUIET);
    hold.occupy(client, ns);
    request(type, name, "first");
    Thread.sleep(300);
    request(type, name, "second");
    Thread.sleep(300);
    hold.release();
    awaitObject(
        type,
        name,
        o ->
            "second"
                .equals(
                    ((io.capstan.api.meta.FluxStatus)
                            ((io.fabric8.kubernetes.client.CustomResource<?, ?>) o).getStatus())
                        .getLastHandledReconcileAt()));
    return WorkerHold.settle(registry, kind, QUIET) - before;
  }

  @ParameterizedTest(name = "memo on: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("requests queued behind a busy worker reconcile a HelmChart once (twice without)")
  void chartQueuedRequests(boolean memo, KubeControlPlane plane, KubeNamespace namespace)
      throws Exception {
    start(plane, namespace, memo);
    assertThat(queuedBehindBusyWorker(HelmChart.class, HelmChart.KIND, "app"))
        .isEqualTo(memo ? 1.0 : 2.0);
  }

  @ParameterizedTest(name = "memo on: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "requests queued behind a busy worker reconcile a GitRepository with include once (twice"
          + " without)")
  void includeQueuedRequests(boolean memo, KubeControlPlane plane, KubeNamespace namespace)
      throws Exception {
    start(plane, namespace, memo);
    assertThat(queuedBehindBusyWorker(GitRepository.class, GitRepository.KIND, "withlib"))
        .isEqualTo(memo ? 1.0 : 2.0);
  }

  @Test
  @DisplayName("a new artifact of the chart's source reconciles the HelmChart once: a new version")
  void newSourceArtifactReconcilesTheChart(KubeControlPlane plane, KubeNamespace namespace)
      throws Exception {
    start(plane, namespace, true);
    double before = WorkerHold.settle(registry, HelmChart.KIND, QUIET);
    charts.commit("main", "c2", Map.of("chart/Chart.yaml", chart("0.2.0")));
    request(GitRepository.class, "charts", "c2");
    awaitChartVersion("0.2.0");
    assertThat(WorkerHold.settle(registry, HelmChart.KIND, QUIET) - before).isEqualTo(1.0);
  }

  @Test
  @DisplayName("a new artifact of an included repository reconciles the includer once")
  void newIncludedArtifactReconcilesTheIncluder(KubeControlPlane plane, KubeNamespace namespace)
      throws Exception {
    start(plane, namespace, true);
    double before = WorkerHold.settle(registry, GitRepository.KIND, QUIET);
    RevCommit l2 = lib.commit("main", "l2", Map.of("lib.yaml", "l2"));
    request(GitRepository.class, "lib", "l2");
    awaitIncluded(l2.name());
    // lib itself (requested) and withlib, whose include changed (its interval is 1h)
    assertThat(WorkerHold.settle(registry, GitRepository.KIND, QUIET) - before).isEqualTo(2.0);
  }
}

package io.capstan.source.controller;

import static io.capstan.source.controller.HelmChartHarness.has;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.runtime.process.ProbeServer;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.helm.ChartRepositoryRequest;
import io.capstan.testing.helm.ChartRepositoryServer;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HelmCharts from a HelmRepository of {@code type: default} (an HTTP chart repository with basic
 * auth, toolkit-testing's {@link ChartRepositoryServer}): version selection from the repository's
 * index artifact, download with the repository's credentials and digest check, new versions,
 * dependencies of a Git chart matched to the HelmRepository by URL.
 *
 * <p>The HelmRepository reconciler runs in the same SourceController: {@link #storeIndex} asks it
 * for the server's current index and waits for that artifact.
 */
@WithKubernetes
class HelmChartHttpTest {

  @TempDir static Path root;
  static HelmChartHarness harness;
  static ChartRepositoryServer server;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    server = ChartRepositoryServer.builder().basicAuth("helm", "pw").start();
    server.publish("app", "1.0.0");
    server.publish("app", "1.1.0");
    server.publish("app", "2.0.0-beta.1");
    harness = new HelmChartHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A HelmRepository for the server with a basic-auth Secret, and its index artifact. */
  static void repository(KubeNamespace ns) throws Exception {
    harness.secret(ns.name(), "auth", "Opaque", Map.of("username", "helm", "password", "pw"));
    harness.apply(
        HelmRepository.class,
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: repo\n"
            + "spec:\n  interval: 1h\n  url: "
            + server.url()
            + "\n  secretRef:\n    name: auth\n");
    storeIndex(ns, "repo");
  }

  /**
   * Asks the HelmRepository reconciler (running in the same SourceController) to fetch the server's
   * current index and waits until its artifact is that index, in Flux's layout.
   */
  static Artifact storeIndex(KubeNamespace ns, String name) throws Exception {
    byte[] index = server.index();
    String revision =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(index));
    // a merge patch without resourceVersion: the reconciler may be writing the object meanwhile
    harness
        .admin
        .resources(HelmRepository.class)
        .inNamespace(ns.name())
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                + System.nanoTime()
                + "\"}}}");
    HelmRepository repo =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    harness
                        .admin
                        .resources(HelmRepository.class)
                        .inNamespace(ns.name())
                        .withName(name)
                        .get(),
                r ->
                    r.getStatus() != null
                        && r.getStatus().getArtifact() != null
                        && revision.equals(r.getStatus().getArtifact().getRevision()));
    Artifact artifact = repo.getStatus().getArtifact();
    assertThat(artifact.getPath())
        .isEqualTo(
            "helmrepository/"
                + ns.name()
                + "/"
                + name
                + "/index-"
                + revision.substring("sha256:".length())
                + ".yaml");
    return artifact;
  }

  static String chartYaml(String name, String version) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: "
        + name
        + "\nspec:\n  interval: 1h\n  chart: app\n  version: '"
        + version
        + "'\n  sourceRef:\n    kind: HelmRepository\n    name: repo\n";
  }

  @Test
  @DisplayName(
      "selects from the index, downloads with the repository's credentials; a new version follows the index")
  void selectsAndFollows(KubeNamespace ns) throws Exception {
    repository(ns);
    harness.chart(ns.name(), chartYaml("latest", "*"));
    harness.chart(ns.name(), chartYaml("minor", "1.0.x"));
    HelmChart latest = harness.awaitReady(ns.name(), "latest");
    assertThat(latest.getStatus().getArtifact().getRevision()).isEqualTo("1.1.0");
    assertThat(has(latest, "Ready", Condition.Status.True, "ChartPullSucceeded")).isTrue();
    assertThat(HelmChartHarness.condition(latest, "Ready"))
        .isEqualTo("pulled 'app' chart with version '1.1.0'");
    assertThat(latest.getStatus().getObservedSourceArtifactRevision()).startsWith("sha256:");
    assertThat(harness.files(latest.getStatus().getArtifact()))
        .containsEntry("app/values.yaml", "replicaCount: 1\nmessage: hello from app 1.1.0\n");
    assertThat(harness.awaitReady(ns.name(), "minor").getStatus().getArtifact().getRevision())
        .isEqualTo("1.0.0");
    assertThat(server.requests()).anyMatch(ChartRepositoryRequest::isChart);

    server.publish("app", "1.2.0");
    storeIndex(ns, "repo");
    // The HelmRepository's new artifact revision re-reconciles its charts (watch), no requestedAt.
    HelmChart next =
        harness.awaitStatus(
            ns.name(),
            "latest",
            h ->
                HelmChartHarness.ready(h)
                    && h.getStatus().getArtifact().getRevision().equals("1.2.0"));
    HelmChartHarness.check(next);
  }

  @Test
  @DisplayName(
      "a chart whose digest does not match the index fails with ChartPullError; the last artifact stays")
  void digestMismatch(KubeNamespace ns) throws Exception {
    server.publish("tampered", "1.0.0");
    repository(ns);
    harness.chart(ns.name(), chartYaml("t", "*").replace("chart: app", "chart: tampered"));
    HelmChart ok = harness.awaitReady(ns.name(), "t");
    assertThat(ok.getStatus().getArtifact().getRevision()).isEqualTo("1.0.0");

    server.publish("tampered", "1.0.1");
    server.tamperDigest("tampered", "1.0.1");
    storeIndex(ns, "repo");
    HelmChart failed =
        harness.awaitStatus(
            ns.name(), "t", h -> has(h, "FetchFailed", Condition.Status.True, "ChartPullError"));
    HelmChartHarness.check(failed);
    assertThat(HelmChartHarness.condition(failed, "FetchFailed"))
        .startsWith("chart pull error: failed to download chart for remote reference: ");
    assertThat(failed.getStatus().getArtifact().getRevision()).isEqualTo("1.0.0");
    assertThat(harness.files(failed.getStatus().getArtifact())).containsKey("tampered/Chart.yaml");
  }

  @Test
  @DisplayName(
      "a Git chart's dependency on the repository URL is downloaded with the matching HelmRepository's credentials")
  void dependencyFromRepository(KubeNamespace ns) throws Exception {
    repository(ns);
    try (TestGitRepository git =
            TestGitRepository.create(root.resolve("umbrella-" + ns.name() + ".git"));
        GitHttpServer http = GitHttpServer.builder().start()) {
      git.commit(
          "main",
          "umbrella",
          Map.of(
              "umbrella/Chart.yaml",
              "apiVersion: v2\nname: umbrella\nversion: 0.5.0\ndependencies:\n- name: app\n"
                  + "  version: '~1.0.0'\n  repository: "
                  + server.url()
                  + "\n"));
      http.serve("umbrella", git.repository());
      harness.apply(
          GitRepository.class,
          ns.name(),
          "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: git\n"
              + "spec:\n  interval: 1h\n  url: "
              + http.url("umbrella")
              + "\n  ref:\n    branch: main\n");
      harness.chart(
          ns.name(),
          "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: umbrella\n"
              + "spec:\n  interval: 1h\n  chart: umbrella\n  sourceRef:\n    kind: GitRepository\n"
              + "    name: git\n");
      HelmChart c = harness.awaitReady(ns.name(), "umbrella");
      assertThat(harness.files(c.getStatus().getArtifact()))
          .containsKeys("umbrella/Chart.yaml", "umbrella/charts/app-1.0.0.tgz");
    }
  }

  @Test
  @DisplayName("a HelmRepository without an artifact waits with NoSourceArtifact")
  void noIndexYet(KubeNamespace ns) {
    harness.apply(
        HelmRepository.class,
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: repo\n"
            + "spec:\n  interval: 1h\n  url: "
            + server.url()
            + "\n");
    harness.chart(ns.name(), chartYaml("waiting", "*"));
    HelmChart c =
        harness.awaitStatus(
            ns.name(),
            "waiting",
            h -> has(h, "FetchFailed", Condition.Status.True, "NoSourceArtifact"));
    HelmChartHarness.check(c);
    assertThat(HelmChartHarness.condition(c, "FetchFailed"))
        .isEqualTo("no artifact available for HelmRepository source 'repo'");
  }

  @Test
  @DisplayName(
      "gotk_cache_events_total on /metrics: a miss then hits for the HelmRepository's index;"
          + " the series go with the HelmRepository")
  void cacheEventsMetric(KubeNamespace ns) throws Exception {
    repository(ns);
    Artifact index =
        harness
            .admin
            .resources(HelmRepository.class)
            .inNamespace(ns.name())
            .withName("repo")
            .get()
            .getStatus()
            .getArtifact();
    // the HelmRepository reconciler cached the index it stored; start from a cold cache
    harness.controller.helmIndexCache().remove(index.getPath());
    String labels = "name=\"repo\",namespace=\"" + ns.name() + "\"";
    try (ProbeServer metrics =
        ProbeServer.metrics("127.0.0.1:0", HelmChartHarness.METRICS::scrape)) {
      harness.chart(ns.name(), chartYaml("first", "1.0.0"));
      harness.awaitReady(ns.name(), "first");
      harness.chart(ns.name(), chartYaml("second", "*"));
      harness.awaitReady(ns.name(), "second");
      String text = scrape(metrics);
      assertThat(text)
          .contains("gotk_cache_events_total{event_type=\"cache_miss\"," + labels + "} 1.0");
      assertThat(text)
          .containsPattern(
              "gotk_cache_events_total\\{event_type=\"cache_hit\","
                  + java.util.regex.Pattern.quote(labels)
                  + "\\} [1-9][0-9]*\\.0");

      harness
          .admin
          .resources(HelmRepository.class)
          .inNamespace(ns.name())
          .withName("repo")
          .delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(scrape(metrics))
                      .doesNotContain("gotk_cache_events_total{event_type=\"cache_miss\"," + labels)
                      .doesNotContain(
                          "gotk_cache_events_total{event_type=\"cache_hit\"," + labels));
    }
  }

  private static String scrape(ProbeServer metrics) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://127.0.0.1:" + metrics.address().getPort() + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

package io.capstan.source.controller;

import static io.capstan.source.controller.HelmChartHarness.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real HelmChart controller (embedding API) against a real API server, with charts in a Git
 * repository served by toolkit-testing's Git HTTP server and reconciled by the real GitRepository
 * controller: packaging with {@code charts/} and {@code file://} dependencies, values files,
 * reconcile strategies, bad inputs, deletion.
 */
@WithKubernetes
class HelmChartGitTest {

  @TempDir static Path root;
  static HelmChartHarness harness;
  static GitHttpServer http;
  static int counter;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    http = GitHttpServer.builder().start();
    harness = new HelmChartHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (http != null) {
      http.close();
    }
  }

  /** A chart {@code app} 0.1.0 with a subchart in charts/ and a file:// dependency on common. */
  static Map<String, String> charts() {
    Map<String, String> f = new HashMap<>();
    f.put(
        "charts/app/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n"
            + "- name: sub\n  version: 0.2.0\n"
            + "- name: common\n  version: '^1.0.0'\n  repository: file://../common\n");
    f.put("charts/app/values.yaml", "replicas: 1\nimage:\n  tag: v1\n  name: app\n");
    f.put(
        "charts/app/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    f.put("charts/app/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.2.0\n");
    f.put("charts/app/charts/sub/values.yaml", "sub: true\n");
    f.put("charts/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 1.2.0\n");
    f.put("charts/common/values.yaml", "common: true\n");
    f.put("values/a.yaml", "replicas: 2\nimage:\n  tag: a\nonlyA: yes\n");
    f.put("values/b.yaml", "image:\n  tag: b\nreplicas: 3\n");
    return f;
  }

  /** A new Git repository served over HTTP and a GitRepository for it, awaited Ready. */
  static TestGitRepository gitSource(KubeNamespace ns, String name, Map<String, String> files)
      throws Exception {
    TestGitRepository repo;
    synchronized (HelmChartGitTest.class) {
      repo = TestGitRepository.create(root.resolve(name + "-" + (++counter) + ".git"));
    }
    repo.commit("main", "charts", files);
    http.serve(name + "-" + counter, repo.repository());
    harness.apply(
        GitRepository.class,
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: "
            + name
            + "\nspec:\n  interval: 1h\n  url: "
            + http.url(name + "-" + counter)
            + "\n  ref:\n    branch: main\n");
    return repo;
  }

  static String chartYaml(String name, String source, String extra) {
    return "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: "
        + name
        + "\nspec:\n  interval: 1h\n  chart: charts/app\n  sourceRef:\n    kind: GitRepository\n"
        + "    name: "
        + source
        + "\n"
        + extra;
  }

  @Test
  @DisplayName("a chart from Git is packaged with its charts/ subchart and its file:// dependency")
  void packagesWithDependencies(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = gitSource(ns, "src", charts())) {
      harness.chart(ns.name(), chartYaml("app", "src", ""));
      HelmChart c = harness.awaitReady(ns.name(), "app");

      Artifact a = c.getStatus().getArtifact();
      assertThat(a.getRevision()).isEqualTo("0.1.0");
      assertThat(a.getPath()).isEqualTo("helmchart/" + ns.name() + "/app/app-0.1.0.tgz");
      assertThat(c.getStatus().getObservedChartName()).isEqualTo("app");
      assertThat(c.getStatus().getObservedSourceArtifactRevision())
          .isEqualTo("main@sha1:" + repo.head("main").name());
      assertThat(c.getStatus().getObservedValuesFiles()).isNull();
      assertThat(has(c, "Ready", Condition.Status.True, "ChartPackageSucceeded")).isTrue();
      assertThat(HelmChartHarness.condition(c, "Ready"))
          .isEqualTo("packaged 'app' chart with version '0.1.0'");
      assertThat(has(c, "ArtifactInStorage", Condition.Status.True, "ChartPackageSucceeded"))
          .isTrue();
      Map<String, String> files = harness.files(a);
      assertThat(files)
          .containsKeys(
              "app/Chart.yaml",
              "app/templates/cm.yaml",
              "app/charts/sub/Chart.yaml",
              "app/charts/common-1.2.0.tgz")
          .containsEntry("app/values.yaml", "replicas: 1\nimage:\n  tag: v1\n  name: app\n");
      assertThat(c.getMetadata().getFinalizers()).contains("finalizers.fluxcd.io");

      // Deletion removes every artifact of the chart.
      Path dir = harness.storage.resolve("helmchart/" + ns.name() + "/app");
      assertThat(dir).isDirectory();
      harness.admin.resource(c).delete();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> harness.get(ns.name(), "app") == null);
      assertThat(Files.exists(dir.resolve("app-0.1.0.tgz"))).isFalse();
    }
  }

  @Test
  @DisplayName("values files are merged in order into values.yaml; the version gets the generation")
  void valuesFilesMergeOrder(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = gitSource(ns, "src", charts())) {
      harness.chart(
          ns.name(),
          chartYaml("merged", "src", "  valuesFiles:\n  - values/a.yaml\n  - values/b.yaml\n"));
      HelmChart c = harness.awaitReady(ns.name(), "merged");
      long gen = c.getMetadata().getGeneration();
      assertThat(c.getStatus().getArtifact().getRevision()).isEqualTo("0.1.0+" + gen);
      assertThat(c.getStatus().getObservedValuesFiles())
          .containsExactly("values/a.yaml", "values/b.yaml");
      assertThat(HelmChartHarness.condition(c, "Ready"))
          .isEqualTo(
              "packaged 'app' chart with version '0.1.0+"
                  + gen
                  + "' and merged values files [values/a.yaml values/b.yaml]");
      // b wins over a; maps merge; the chart's own values.yaml is not included.
      assertThat(harness.files(c.getStatus().getArtifact()).get("app/values.yaml"))
          .isEqualTo("image:\n  tag: b\nonlyA: true\nreplicas: 3\n");

      // Reversed order: a wins.
      harness.edit(
          ns.name(),
          "merged",
          h -> {
            h.getSpec().setValuesFiles(List.of("values/b.yaml", "values/a.yaml"));
            return h;
          });
      HelmChart reversed =
          harness.awaitStatus(
              ns.name(),
              "merged",
              h ->
                  HelmChartHarness.ready(h)
                      && h.getStatus().getArtifact().getRevision().equals("0.1.0+" + (gen + 1)));
      HelmChartHarness.check(reversed);
      assertThat(harness.files(reversed.getStatus().getArtifact()).get("app/values.yaml"))
          .isEqualTo("image:\n  tag: a\nonlyA: true\nreplicas: 2\n");
    }
  }

  @Test
  @DisplayName(
      "a missing values file stalls with BuildFailed/ValuesFilesError unless ignoreMissingValuesFiles")
  void missingValuesFile(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = gitSource(ns, "src", charts())) {
      harness.chart(
          ns.name(),
          chartYaml("strict", "src", "  valuesFiles:\n  - values/a.yaml\n  - values/nope.yaml\n"));
      HelmChart stalled =
          harness.awaitStatus(
              ns.name(), "strict", h -> has(h, "Stalled", Condition.Status.True, null));
      HelmChartHarness.check(stalled);
      assertThat(has(stalled, "BuildFailed", Condition.Status.True, "ValuesFilesError")).isTrue();
      assertThat(has(stalled, "Ready", Condition.Status.False, "ValuesFilesError")).isTrue();
      assertThat(HelmChartHarness.condition(stalled, "BuildFailed"))
          .isEqualTo(
              "values files merge error: no values file found at path '/values/nope.yaml'"
                  + " (reference 'values/nope.yaml')");
      assertThat(stalled.getStatus().getArtifact()).isNull();

      harness.chart(
          ns.name(),
          chartYaml(
              "lenient",
              "src",
              "  ignoreMissingValuesFiles: true\n  valuesFiles:\n  - values/a.yaml\n"
                  + "  - values/nope.yaml\n"));
      HelmChart ok = harness.awaitReady(ns.name(), "lenient");
      assertThat(ok.getStatus().getObservedValuesFiles()).containsExactly("values/a.yaml");
      assertThat(harness.files(ok.getStatus().getArtifact()).get("app/values.yaml"))
          .isEqualTo("image:\n  tag: a\nonlyA: true\nreplicas: 2\n");
    }
  }

  @Test
  @DisplayName(
      "reconcileStrategy Revision versions the chart <version>+<12 hex of the commit> and follows new commits")
  void revisionStrategy(KubeNamespace ns) throws Exception {
    try (TestGitRepository repo = gitSource(ns, "src", charts())) {
      harness.chart(ns.name(), chartYaml("rev", "src", "  reconcileStrategy: Revision\n"));
      HelmChart c = harness.awaitReady(ns.name(), "rev");
      String first = repo.head("main").name();
      assertThat(c.getStatus().getArtifact().getRevision())
          .isEqualTo("0.1.0+" + first.substring(0, 12));
      assertThat(harness.files(c.getStatus().getArtifact()).get("app/Chart.yaml"))
          .contains("version: 0.1.0+" + first.substring(0, 12));

      RevCommit second =
          repo.commit("main", "bump", Map.of("charts/app/templates/extra.yaml", "# extra\n"));
      // A new source artifact re-reconciles the chart through the GitRepository watch.
      harness
          .admin
          .resources(GitRepository.class)
          .inNamespace(ns.name())
          .withName("src")
          .edit(
              g -> {
                g.getMetadata().setAnnotations(Map.of("reconcile.fluxcd.io/requestedAt", "1"));
                return g;
              });
      HelmChart next =
          harness.awaitStatus(
              ns.name(),
              "rev",
              h ->
                  HelmChartHarness.ready(h)
                      && h.getStatus()
                          .getArtifact()
                          .getRevision()
                          .equals("0.1.0+" + second.name().substring(0, 12)));
      HelmChartHarness.check(next);
      assertThat(next.getStatus().getObservedSourceArtifactRevision()).endsWith(second.name());
      assertThat(harness.files(next.getStatus().getArtifact()))
          .containsKey("app/templates/extra.yaml");
    }
  }

  @Test
  @DisplayName(
      "a missing source waits with FetchFailed/SourceUnavailable; a wrong chart path stalls with InvalidChartReference")
  void badReferences(KubeNamespace ns) throws Exception {
    harness.chart(ns.name(), chartYaml("orphan", "nowhere", ""));
    HelmChart orphan =
        harness.awaitStatus(
            ns.name(),
            "orphan",
            h -> has(h, "FetchFailed", Condition.Status.True, "SourceUnavailable"));
    HelmChartHarness.check(orphan);
    assertThat(HelmChartHarness.condition(orphan, "FetchFailed"))
        .isEqualTo(
            "failed to get source: gitrepositories.source.toolkit.fluxcd.io \"nowhere\" not found");

    try (TestGitRepository repo = gitSource(ns, "src", charts())) {
      harness.chart(
          ns.name(),
          chartYaml("wrongpath", "src", "").replace("chart: charts/app", "chart: charts/none"));
      HelmChart wrong =
          harness.awaitStatus(
              ns.name(), "wrongpath", h -> has(h, "Stalled", Condition.Status.True, null));
      HelmChartHarness.check(wrong);
      assertThat(has(wrong, "FetchFailed", Condition.Status.True, "InvalidChartReference"))
          .isTrue();
    }
  }
}

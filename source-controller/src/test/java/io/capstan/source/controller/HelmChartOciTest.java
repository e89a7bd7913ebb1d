package io.capstan.source.controller;

import static io.capstan.source.controller.HelmChartHarness.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.api.source.v1.HelmRepository;
import io.capstan.source.helmchart.OciChartRepository;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.oci.OciRegistry;
import io.capstan.testing.oci.RegistryRequest;
import io.capstan.testing.oci.TarGz;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HelmCharts from a HelmRepository of {@code type: oci}: charts pushed with Helm's media types to a
 * real registry (CNCF Distribution with basic auth, toolkit-testing's {@link OciRegistry}), pulled
 * with the repository's docker-config Secret; semver selection, new versions, hostile and oversized
 * charts, values files, verify.
 */
@WithKubernetes
class HelmChartOciTest {

  @TempDir static Path root;
  static HelmChartHarness harness;
  static OciRegistry registry;

  @BeforeAll
  static void start(KubernetesClient admin) throws Exception {
    Assumptions.assumeTrue(
        OciRegistry.available(),
        "docker-registry is not installed (apt-get install docker-registry)");
    registry = OciRegistry.builder().basicAuth("flux", "s3cret").start();
    for (String v : new String[] {"1.0.0", "1.0.1", "1.1.0", "2.0.0-rc.1"}) {
      pushChart("charts/podinfo", "podinfo", v, Map.of());
    }
    harness = new HelmChartHarness(admin, Files.createDirectories(root.resolve("storage")));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Pushes a chart archive the way {@code helm push} lays it out (tag: version, + as _). */
  static void pushChart(String repo, String name, String version, Map<String, String> extra) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        name + "/Chart.yaml", "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n");
    files.put(name + "/values.yaml", "version: " + version + "\n");
    files.put(name + "/prod-values.yaml", "env: prod\nversion: prod\n");
    files.put(name + "/templates/cm.yaml", "kind: ConfigMap\n");
    files.putAll(extra);
    registry.push(
        repo, version.replace('+', '_'), OciChartRepository.CHART_LAYER, TarGz.of(files), Map.of());
  }

  /** A HelmRepository of type oci with a docker-config Secret, plus a HelmChart from it. */
  static void apply(KubeNamespace ns, String name, String version, String extra) {
    apply(ns, name, "podinfo", version, extra);
  }

  static void apply(KubeNamespace ns, String name, String chart, String version, String extra) {
    harness.secret(
        ns.name(),
        "regcred",
        "kubernetes.io/dockerconfigjson",
        Map.of(".dockerconfigjson", registry.dockerConfigJson("flux", "s3cret")));
    if (harness.admin.resources(HelmRepository.class).inNamespace(ns.name()).withName("oci").get()
        == null) {
      harness.apply(
          HelmRepository.class,
          ns.name(),
          "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: oci\n"
              + "spec:\n  type: oci\n  interval: 1h\n  insecure: true\n  url: "
              + registry.url("charts")
              + "\n  secretRef:\n    name: regcred\n");
    }
    harness.chart(
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: "
            + name
            + "\nspec:\n  interval: 1h\n  chart: "
            + chart
            + "\n  version: '"
            + version
            + "'\n  sourceRef:\n    kind: HelmRepository\n    name: oci\n"
            + extra);
  }

  @Test
  @DisplayName(
      "pulls the newest stable chart with the docker-config credentials; semver constraints select")
  void pullsWithAuth(KubeNamespace ns) throws Exception {
    apply(ns, "latest", "*", "");
    apply(ns, "tilde", "~1.0", "");
    apply(ns, "exact", "1.0.0", "");
    apply(ns, "pre", ">=2.0.0-0", "");

    HelmChart latest = harness.awaitReady(ns.name(), "latest");
    Artifact a = latest.getStatus().getArtifact();
    assertThat(a.getRevision()).isEqualTo("1.1.0");
    assertThat(a.getPath()).isEqualTo("helmchart/" + ns.name() + "/latest/podinfo-1.1.0.tgz");
    assertThat(latest.getStatus().getObservedChartName()).isEqualTo("podinfo");
    assertThat(has(latest, "Ready", Condition.Status.True, "ChartPullSucceeded")).isTrue();
    assertThat(HelmChartHarness.condition(latest, "Ready"))
        .isEqualTo("pulled 'podinfo' chart with version '1.1.0'");
    assertThat(harness.files(a)).containsEntry("podinfo/values.yaml", "version: 1.1.0\n");

    assertThat(harness.awaitReady(ns.name(), "tilde").getStatus().getArtifact().getRevision())
        .isEqualTo("1.0.1");
    assertThat(harness.awaitReady(ns.name(), "exact").getStatus().getArtifact().getRevision())
        .isEqualTo("1.0.0");
    assertThat(harness.awaitReady(ns.name(), "pre").getStatus().getArtifact().getRevision())
        .isEqualTo("2.0.0-rc.1");
    assertThat(registry.requests()).anyMatch(r -> r.status() == 401);
  }

  @Test
  @DisplayName(
      "a new chart version is picked up at the next requestedAt; a chart with ../ paths then fails"
          + " with ChartPullError and the last good artifact is still served")
  void newVersionThenHostile(KubeNamespace ns) throws Exception {
    String repo = "charts/moving";
    registry.push(
        repo,
        "1.0.0",
        OciChartRepository.CHART_LAYER,
        TarGz.of(
            Map.of(
                "moving/Chart.yaml", "apiVersion: v2\nname: moving\nversion: 1.0.0\n",
                "moving/values.yaml", "v: 1\n")),
        Map.of());
    apply(ns, "moving", "moving", "*", "");
    HelmChart first =
        harness.awaitStatus(
            ns.name(),
            "moving",
            h ->
                HelmChartHarness.ready(h) && "moving".equals(h.getStatus().getObservedChartName()));
    assertThat(first.getStatus().getArtifact().getRevision()).isEqualTo("1.0.0");

    registry.push(
        repo,
        "1.1.0",
        OciChartRepository.CHART_LAYER,
        TarGz.of(
            Map.of(
                "moving/Chart.yaml", "apiVersion: v2\nname: moving\nversion: 1.1.0\n",
                "moving/values.yaml", "v: 2\n")),
        Map.of());
    harness.requestReconcile(ns.name(), "moving", "now-1");
    HelmChart second =
        harness.awaitStatus(
            ns.name(),
            "moving",
            h ->
                HelmChartHarness.ready(h)
                    && h.getStatus().getArtifact().getRevision().equals("1.1.0")
                    && "now-1".equals(h.getStatus().getLastHandledReconcileAt()));
    HelmChartHarness.check(second);
    assertThat(harness.files(second.getStatus().getArtifact()))
        .containsEntry("moving/values.yaml", "v: 2\n");

    registry.push(
        repo,
        "1.2.0",
        OciChartRepository.CHART_LAYER,
        TarGz.of(
            Map.of(
                "moving/Chart.yaml", "apiVersion: v2\nname: moving\nversion: 1.2.0\n",
                "moving/../../escape.yaml", "evil: true\n")),
        Map.of());
    harness.requestReconcile(ns.name(), "moving", "now-2");
    HelmChart failed =
        harness.awaitStatus(
            ns.name(),
            "moving",
            h ->
                has(h, "Ready", Condition.Status.False, "ChartPullError")
                    && "now-2".equals(h.getStatus().getLastHandledReconcileAt()));
    HelmChartHarness.check(failed);
    assertThat(has(failed, "FetchFailed", Condition.Status.True, "ChartPullError")).isTrue();
    assertThat(HelmChartHarness.condition(failed, "FetchFailed"))
        .startsWith("chart pull error: ")
        .contains("parent directory");
    Artifact kept = failed.getStatus().getArtifact();
    assertThat(kept.getRevision()).isEqualTo("1.1.0");
    assertThat(harness.files(kept)).containsEntry("moving/values.yaml", "v: 2\n");
    assertThat(Files.exists(harness.storage.resolve("escape.yaml"))).isFalse();
  }

  @Test
  @DisplayName(
      "a chart over --helm-chart-max-size fails with ChartPullError without downloading it")
  void oversized(KubeNamespace ns) throws Exception {
    byte[] noise = new byte[3 * (int) HelmChartHarness.MAX_CHART];
    new SecureRandom().nextBytes(noise);
    registry.push(
        "charts/huge",
        "1.0.0",
        OciChartRepository.CHART_LAYER,
        TarGz.of(
            Map.of(
                "huge/Chart.yaml",
                "apiVersion: v2\nname: huge\nversion: 1.0.0\n",
                "huge/blob.txt",
                Base64.getEncoder().encodeToString(noise))),
        Map.of());
    apply(ns, "huge", "huge", "*", "");
    registry.clearRequests();
    HelmChart c =
        harness.awaitStatus(
            ns.name(),
            "huge",
            h ->
                has(h, "FetchFailed", Condition.Status.True, "ChartPullError")
                    && h.getStatus().getObservedGeneration() != null);
    HelmChartHarness.check(c);
    assertThat(HelmChartHarness.condition(c, "FetchFailed"))
        .contains("exceeds the maximum chart size of " + HelmChartHarness.MAX_CHART + " bytes");
    assertThat(c.getStatus().getArtifact()).isNull();
    assertThat(registry.requests()).noneMatch(RegistryRequest::isBlobDownload);
  }

  @Test
  @DisplayName(
      "values files from inside a pulled chart are merged and the chart repackaged (ChartPackageSucceeded)")
  void valuesFilesOnPulledChart(KubeNamespace ns) throws Exception {
    apply(ns, "prod", "1.0.0", "  valuesFiles:\n  - values.yaml\n  - prod-values.yaml\n");
    HelmChart c = harness.awaitReady(ns.name(), "prod");
    long gen = c.getMetadata().getGeneration();
    assertThat(c.getStatus().getArtifact().getRevision()).isEqualTo("1.0.0+" + gen);
    assertThat(has(c, "Ready", Condition.Status.True, "ChartPackageSucceeded")).isTrue();
    assertThat(harness.files(c.getStatus().getArtifact()))
        .containsEntry("podinfo/values.yaml", "env: prod\nversion: prod\n");
  }

  @Test
  @DisplayName(
      "a chart from Git with an oci:// dependency pulls it with the credentials of the HelmRepository of that URL")
  void remoteOciDependency(KubeNamespace ns) throws Exception {
    apply(ns, "unused", "*", ""); // creates the HelmRepository 'oci' and its Secret
    try (TestGitRepository git =
            TestGitRepository.create(root.resolve("dep-" + ns.name() + ".git"));
        GitHttpServer http = GitHttpServer.builder().start()) {
      git.commit(
          "main",
          "umbrella",
          Map.of(
              "umbrella/Chart.yaml",
              "apiVersion: v2\nname: umbrella\nversion: 3.0.0\ndependencies:\n- name: podinfo\n"
                  + "  version: '~1.0'\n  repository: "
                  + registry.url("charts")
                  + "\n",
              "umbrella/values.yaml",
              "podinfo: {}\n"));
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
      assertThat(c.getStatus().getArtifact().getRevision()).isEqualTo("3.0.0");
      assertThat(harness.files(c.getStatus().getArtifact()))
          .containsKeys("umbrella/Chart.yaml", "umbrella/charts/podinfo-1.0.1.tgz");
    }
  }

  @Test
  @DisplayName("wrong credentials fail with ChartPullError; verify stalls as not supported")
  void badCredentialsAndVerify(KubeNamespace ns) throws Exception {
    harness.secret(
        ns.name(),
        "wrong",
        "kubernetes.io/dockerconfigjson",
        Map.of(".dockerconfigjson", registry.dockerConfigJson("flux", "nope")));
    harness.apply(
        HelmRepository.class,
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: bad\n"
            + "spec:\n  type: oci\n  interval: 1h\n  insecure: true\n  url: "
            + registry.url("charts")
            + "\n  secretRef:\n    name: wrong\n");
    harness.chart(
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: denied\n"
            + "spec:\n  interval: 1h\n  chart: podinfo\n  sourceRef:\n    kind: HelmRepository\n"
            + "    name: bad\n");
    HelmChart denied =
        harness.awaitStatus(
            ns.name(),
            "denied",
            h -> has(h, "FetchFailed", Condition.Status.True, "ChartPullError"));
    HelmChartHarness.check(denied);
    assertThat(HelmChartHarness.condition(denied, "FetchFailed")).doesNotContain("nope");

    harness.chart(
        ns.name(),
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: signed\n"
            + "spec:\n  interval: 1h\n  chart: podinfo\n  sourceRef:\n    kind: HelmRepository\n"
            + "    name: bad\n  verify:\n    provider: cosign\n");
    HelmChart signed =
        harness.awaitStatus(
            ns.name(), "signed", h -> has(h, "Stalled", Condition.Status.True, null));
    HelmChartHarness.check(signed);
    assertThat(has(signed, "Ready", Condition.Status.False, "VerificationNotSupported")).isTrue();
    assertThat(HelmChartHarness.condition(signed, "Ready")).contains("not supported yet");
  }
}

package io.capstan.cli.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.cli.Main;
import io.capstan.testing.helm.ChartRepositoryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan build helmrelease} without a cluster: HelmRelease from a file, chart from a
 * directory or a chart repository (the kubeconfig given does not exist, so any cluster access would
 * fail).
 */
class BuildHelmReleaseTest {

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static final String RELEASE =
      """
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: web
        namespace: apps
      spec:
        interval: 5m
        releaseName: frontend
        chart:
          spec:
            chart: web
            version: "1.x"
            sourceRef:
              kind: HelmRepository
              name: charts
        values:
          greeting: from-spec
          color: from-spec
          password: s3cr3t-value
        commonMetadata:
          labels:
            team: blue
        postRenderers:
          - kustomize:
              patches:
                - target:
                    kind: Deployment
                  patch: |
                    - op: replace
                      path: /spec/replicas
                      value: 3
              images:
                - name: nginx
                  newTag: "1.28"
      """;

  private String[] args(String... extra) throws Exception {
    Path file = tmp.resolve("hr.yaml");
    Files.writeString(
        file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n---\n" + RELEASE);
    List<String> a =
        new ArrayList<>(
            List.of(
                "build",
                "helmrelease",
                "web",
                "-n",
                "apps",
                "--file",
                file.toString(),
                "--kubeconfig",
                tmp.resolve("no-such-kubeconfig").toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  @DisplayName(
      "build from a file and a chart directory: values (spec, then --values files), post-renderers,"
          + " commonMetadata, origin labels, hooks; Secret values masked")
  void buildsFromFileAndDirectory() throws Exception {
    Path chart = HelmReleaseCharts.write(tmp.resolve("chart"), "1.0.0");
    Path extra = tmp.resolve("extra.yaml");
    Files.writeString(extra, "color: from-file\n");

    Result r = run(args("--chart-dir", chart.toString(), "--values", extra.toString()));

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    String out = r.out();
    // release name from spec.releaseName; values: spec.values, then the --values file
    assertThat(out).contains("name: frontend-settings", "greeting: from-spec", "color: from-file");
    // post-renderers: the kustomize patch and image, commonMetadata, Flux's origin labels
    assertThat(out).contains("replicas: 3", "image: nginx:1.28");
    assertThat(out).doesNotContain("nginx:1.27");
    assertThat(out).contains("team: blue", "helm.toolkit.fluxcd.io/name: web");
    assertThat(out).contains("helm.toolkit.fluxcd.io/namespace: apps");
    // hooks after the manifest, not post-rendered
    assertThat(out).contains("name: frontend-migrate", "name: frontend-ping");
    assertThat(out.indexOf("name: frontend-migrate")).isGreaterThan(out.indexOf("kind: Service"));
    // Secret masked
    String encoded =
        Base64.getEncoder().encodeToString("s3cr3t-value".getBytes(StandardCharsets.UTF_8));
    assertThat(out).contains("password: '***'").doesNotContain(encoded);

    Result shown =
        run(
            args(
                "--chart-dir",
                chart.toString(),
                "--values",
                extra.toString(),
                "--show-secrets",
                "--no-hooks"));
    assertThat(shown.code()).isZero();
    assertThat(shown.out()).contains("password: " + encoded).doesNotContain("frontend-migrate");
  }

  @Test
  @DisplayName("build with --chart-repo selects the version of the chart template's constraint")
  void buildsFromChartRepository() throws Exception {
    try (ChartRepositoryServer repository = ChartRepositoryServer.start()) {
      for (String version : List.of("1.0.0", "1.2.0", "2.0.0")) {
        repository.publish("web", version, HelmReleaseCharts.files("", version));
      }
      Result r = run(args("--chart-repo", repository.url()));
      assertThat(r.err()).isEmpty();
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("chart-version: 1.2.0");

      Result missing = run(args("--chart-repo", repository.url() + "/nothing-here"));
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err()).startsWith("Error: chart 'web' from ");
    }
  }

  @Test
  @DisplayName("bad inputs: no such HelmRelease in the file, a values schema error, bad YAML")
  void refusesBadInput() throws Exception {
    Path chart = HelmReleaseCharts.write(tmp.resolve("chart"), "1.0.0");
    Files.writeString(
        chart.resolve("values.schema.json"),
        "{\"type\":\"object\",\"properties\":{\"replicas\":{\"type\":\"integer\"}}}");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "replicas: many\n");
    Result schema = run(args("--chart-dir", chart.toString(), "--values", bad.toString()));
    assertThat(schema.code()).isEqualTo(1);
    assertThat(schema.err()).startsWith("Error: ").contains("replicas");

    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(broken, "color: [unclosed\n");
    Result yaml = run(args("--chart-dir", chart.toString(), "--values", broken.toString()));
    assertThat(yaml.code()).isEqualTo(1);
    assertThat(yaml.err()).startsWith("Error: " + broken);

    Result none =
        run(
            "build",
            "helmrelease",
            "other",
            "-n",
            "apps",
            "--file",
            tmp.resolve("hr.yaml").toString(),
            "--chart-dir",
            chart.toString());
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no HelmRelease 'apps/other' in");
  }
}

package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API and the CLI on small charts written by the tests. */
class HelmEngineTest {
  @TempDir Path tmp;
  Path chart;

  private void write(String rel, String content) throws Exception {
    Path p = chart.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @BeforeEach
  void chart() throws Exception {
    chart = tmp.resolve("app");
    write(
        "Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: \"2.0\"\n"
            + "dependencies:\n- name: sub\n  version: 0.1.0\n  condition: sub.enabled\n");
    write("values.yaml", "replicas: 1\nname: web\nsub:\n  enabled: true\nglobal:\n  env: prod\n");
    write(
        "values.schema.json",
        "{\"type\":\"object\",\"properties\":{\"replicas\":{\"type\":\"integer\",\"minimum\":1}}}");
    write(
        "templates/_helpers.tpl",
        "{{- define \"app.fullname\" -}}{{ .Release.Name }}-{{ .Values.name }}{{- end -}}");
    write(
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"app.fullname\" . }}\n"
            + "  labels:\n    chart: {{ .Chart.Name }}-{{ .Chart.Version }}\n    app: {{ .Chart.AppVersion | quote }}\n"
            + "    ns: {{ .Release.Namespace }}\n    upgrade: {{ .Release.IsUpgrade | quote }}\n"
            + "spec:\n  replicas: {{ .Values.replicas }}\n");
    write(
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n"
            + "  file: {{ .Files.Get \"files/a.txt\" | quote }}\n  yaml: |\n{{ toYaml .Values.global | indent 4 }}\n"
            + "  hasApps: {{ .Capabilities.APIVersions.Has \"apps/v1\" | quote }}\n  kube: {{ .Capabilities.KubeVersion.Version }}\n"
            + "  tpl: {{ tpl \"{{ .Values.name }}-x\" . }}\n  template: {{ .Template.Name }}\n");
    write(
        "templates/hook.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n  annotations:\n    helm.sh/hook: test\n");
    write("templates/NOTES.txt", "Installed {{ .Release.Name }}");
    write("files/a.txt", "hello");
    write(
        "crds/crd.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x.example.com\n");
    write("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
    write("charts/sub/values.yaml", "port: 80\n");
    write(
        "charts/sub/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: sub\n  labels:\n"
            + "    env: {{ .Values.global.env }}\nspec:\n  ports:\n  - port: {{ .Values.port }}\n");
  }

  private RenderedRelease render(Map<String, Object> values) throws Exception {
    return HelmEngine.render(
        ChartLoader.load(chart),
        values,
        RenderOptions.install("rel", "ns1").withKubeVersion("1.30.0"));
  }

  @Test
  @DisplayName("renders manifests in install order with built-in objects, hooks, notes and CRDs")
  void renders() throws Exception {
    RenderedRelease r = render(new LinkedHashMap<>());
    assertThat(r.manifests())
        .extracting(Manifest::kind)
        .containsExactly("ConfigMap", "Service", "Deployment");
    Manifest deploy = r.manifests().get(2);
    assertThat(deploy.name()).isEqualTo("app/templates/deploy.yaml");
    assertThat(deploy.content())
        .contains(
            "name: rel-web",
            "chart: app-1.0.0",
            "app: \"2.0\"",
            "ns: ns1",
            "upgrade: \"false\"",
            "replicas: 1");
    String cm = r.manifests().get(0).content();
    assertThat(cm)
        .contains(
            "file: \"hello\"",
            "    env: prod",
            "hasApps: \"true\"",
            "kube: v1.30.0",
            "tpl: web-x",
            "template: app/templates/cm.yaml");
    assertThat(r.manifests().get(1).name()).isEqualTo("app/charts/sub/templates/svc.yaml");
    assertThat(r.manifests().get(1).content()).contains("env: prod", "port: 80");
    assertThat(r.hooks()).singleElement().satisfies(h -> assertThat(h.isTest()).isTrue());
    assertThat(r.notes()).isEqualTo("Installed rel");
    assertThat(r.crds()).extracting(ChartFile::name).containsExactly("app/crds/crd.yaml");
    String out = r.templateOutput(true, true, false);
    assertThat(out).startsWith("---\n# Source: app/crds/crd.yaml\n").doesNotContain("helm.sh/hook");
  }

  @Test
  @DisplayName("user values override defaults; a condition disables a subchart")
  void valuesAndConditions() throws Exception {
    Map<String, Object> v = new ValueOverrides().set("replicas=3,sub.enabled=false").merge();
    RenderedRelease r = render(v);
    assertThat(r.manifests()).extracting(Manifest::kind).containsExactly("ConfigMap", "Deployment");
    assertThat(r.manifests().get(1).content()).contains("replicas: 3");
  }

  @Test
  @DisplayName("values violating values.schema.json are rejected with Helm's header")
  void schema() {
    assertThatThrownBy(() -> render(Map.of("replicas", 0L)))
        .isInstanceOf(HelmException.class)
        .hasMessageStartingWith(
            "values don't meet the specifications of the schema(s) in the following chart(s):\napp:\n");
  }

  @Test
  @DisplayName("required and fail abort rendering with Helm's execution error")
  void requiredAndFail() throws Exception {
    write("templates/req.yaml", "x: {{ required \"name is required!\" .Values.missing }}\n");
    assertThatThrownBy(() -> render(new LinkedHashMap<>()))
        .hasMessageContaining("execution error at (app/templates/req.yaml:1:")
        .hasMessageEndingWith("name is required!");
  }

  @Test
  @DisplayName("library charts are not installable; missing dependencies are reported")
  void notInstallable() throws Exception {
    write("Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\ntype: library\n");
    assertThatThrownBy(() -> render(Map.of())).hasMessage("library charts are not installable");
    write(
        "Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: nope\n  version: 1.0.0\n");
    assertThatThrownBy(() -> render(Map.of()))
        .hasMessageContaining("missing in charts/ directory: nope");
  }

  @Test
  @DisplayName("invalid YAML output is Helm's YAML parse error")
  void invalidYaml() throws Exception {
    write("templates/bad.yaml", "a: [b\n");
    assertThatThrownBy(() -> render(Map.of()))
        .hasMessageStartingWith("YAML parse error on app/templates/bad.yaml");
  }

  private String cli(int wantRc, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(wantRc);
    return wantRc == 0
        ? out.toString(StandardCharsets.UTF_8)
        : err.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("CLI: template with flags, --show-only, errors on stderr, package")
  void cliWorks() throws Exception {
    Files.writeString(tmp.resolve("v.yaml"), "replicas: 5\n");
    String out =
        cli(
            0,
            "template",
            "rel",
            chart.toString(),
            "-n",
            "ns2",
            "-f",
            tmp.resolve("v.yaml").toString(),
            "--set-string",
            "name=str",
            "--show-only",
            "templates/deploy.yaml",
            "--is-upgrade");
    assertThat(out)
        .startsWith("---\n# Source: app/templates/deploy.yaml\n")
        .contains("replicas: 5", "name: rel-str", "ns: ns2", "upgrade: \"true\"");
    String all = cli(0, "template", "rel", chart.toString(), "--include-crds", "--skip-tests");
    assertThat(all).contains("# Source: app/crds/crd.yaml").doesNotContain("helm.sh/hook: test");
    assertThat(cli(0, "template", "rel", chart.toString(), "--no-hooks"))
        .doesNotContain("helm.sh/hook");
    assertThat(cli(1, "template", "rel", chart.toString(), "--show-only", "templates/nope.yaml"))
        .contains("Error: could not find template templates/nope.yaml in chart");
    assertThat(cli(1, "template", "rel", chart.toString(), "--set", "a[x]=1"))
        .startsWith("Error: failed parsing --set data");
    String pkg = cli(0, "package", chart.toString(), "-d", tmp.resolve("dist").toString());
    assertThat(pkg).contains("app-1.0.0.tgz");
    RenderedRelease r =
        HelmEngine.render(
            ChartLoader.load(tmp.resolve("dist/app-1.0.0.tgz")),
            Map.of(),
            RenderOptions.install("r", "n"));
    assertThat(r.manifests()).hasSize(3);
    assertThat(List.of(r.notes())).containsExactly("Installed r");
  }
}

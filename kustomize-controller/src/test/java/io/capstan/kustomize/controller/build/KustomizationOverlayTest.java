package io.capstan.kustomize.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.kustomize.v1.KustomizationSpec;
import io.capstan.kustomize.engine.Kustomizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Generating a kustomization and writing the Kustomization's overrides into it. */
class KustomizationOverlayTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
            - name: web
              image: nginx:1.0
      """;

  private static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
        data:
          key: %s
        """
        .formatted(name, value);
  }

  private static void write(Path root, Map<String, String> tree) throws Exception {
    for (var file : tree.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
  }

  @Test
  @DisplayName(
      "a directory without kustomization lists its manifests recursively, a kustomized"
          + " sub-directory as one resource, and skips non-manifests")
  void generatesKustomization(@TempDir Path root) throws Exception {
    write(
        root,
        Map.of(
            "a.yaml",
            configMap("a", "1"),
            "sub/b.yml",
            configMap("b", "2"),
            "values.yaml",
            "replicas: 3\n",
            "notes.txt",
            "kind: ConfigMap",
            "base/kustomization.yaml",
            "resources:\n- c.yaml\n",
            "base/c.yaml",
            configMap("c", "3")));

    JsonNode generated = KustomizationOverlay.generate(root);

    List<String> resources = new ArrayList<>();
    generated.get("resources").forEach(r -> resources.add(r.asText()));
    assertThat(resources).containsExactly("a.yaml", "base", "sub/b.yml");
    assertThat(
            Kustomizer.create().build(root.resolve(prepared(root, new KustomizationSpec()))).size())
        .isEqualTo(3);
  }

  private static Path prepared(Path root, KustomizationSpec spec) throws Exception {
    return KustomizationOverlay.prepare(root, spec).getParent();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          targetNamespace | {"targetNamespace":"prod"}                       | /metadata/namespace | prod
          namePrefix      | {"namePrefix":"pre-"}                            | /metadata/name      | pre-web
          nameSuffix      | {"nameSuffix":"-suf"}                            | /metadata/name      | web-suf
          images          | {"images":[{"name":"nginx","newTag":"2.0"}]}     | /spec/template/spec/containers/0/image | nginx:2.0
          patches         | {"patches":[{"patch":"- op: add\\n  path: /spec/replicas\\n  value: 3","target":{"kind":"Deployment"}}]} | /spec/replicas | 3
          components      | {"components":["../component"]}                  | /metadata/labels/team | blue
          ignoreMissingComponents | {"components":["../component","../absent"],"ignoreMissingComponents":true} | /metadata/labels/team | blue
          buildMetadata   | {"buildMetadata":["originAnnotations"]}          | /metadata/annotations/config.kubernetes.io~1origin | path: deploy.yaml
          """)
  @DisplayName("spec overrides are written into the existing kustomization and built")
  void appliesOverrides(
      String field, String specJson, String pointer, String expected, @TempDir Path root)
      throws Exception {
    write(
        root,
        Map.of(
            "app/deploy.yaml",
            DEPLOYMENT,
            "app/kustomization.yaml",
            "resources:\n- deploy.yaml\n",
            "component/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                + "labels:\n- pairs:\n    team: blue\n"));
    KustomizationSpec spec = YAML.readValue(specJson, KustomizationSpec.class);

    Path dir = prepared(root.resolve("app"), spec);
    var built = Kustomizer.create().build(dir);

    assertThat(built).hasSize(1);
    assertThat(built.get(0).at(pointer).asText().strip()).isEqualTo(expected);
    assertThat(Files.readString(dir.resolve("kustomization.yaml"))).contains("deploy.yaml");
  }

  @Test
  @DisplayName("an existing kustomization without overrides in the spec is not rewritten")
  void leavesKustomizationAlone(@TempDir Path root) throws Exception {
    String original = "# comment kept\nresources: [deploy.yaml]\n";
    write(root, Map.of("deploy.yaml", DEPLOYMENT, "kustomization.yaml", original));

    Path file = KustomizationOverlay.prepare(root, new KustomizationSpec());

    assertThat(Files.readString(file)).isEqualTo(original);
  }

  @ParameterizedTest(name = "ignoreMissingComponents={0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          true  | ../component
          false | ../component,../absent
          """)
  @DisplayName(
      "components that do not exist are dropped only with ignoreMissingComponents, else the build"
          + " fails naming them")
  void dropsMissingComponents(boolean ignore, String expected, @TempDir Path root)
      throws Exception {
    write(
        root,
        Map.of(
            "app/deploy.yaml",
            DEPLOYMENT,
            "component/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"));
    KustomizationSpec spec = new KustomizationSpec();
    spec.setComponents(List.of("../component", "../absent"));
    spec.setIgnoreMissingComponents(ignore);

    assertThat(KustomizationOverlay.components(root.resolve("app"), spec))
        .containsExactly(expected.split(","));
    Path dir = prepared(root.resolve("app"), spec);
    if (ignore) {
      assertThat(Kustomizer.create().build(dir)).hasSize(1);
    } else {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kustomizer.create().build(dir))
          .hasMessageContaining("absent");
    }
  }

  @Test
  @DisplayName("buildMetadata replaces the kustomization's own list and annotates the objects")
  void writesBuildMetadata(@TempDir Path root) throws Exception {
    write(
        root,
        Map.of(
            "deploy.yaml",
            DEPLOYMENT,
            "kustomization.yaml",
            "resources: [deploy.yaml]\nbuildMetadata: [originAnnotations]\n"));
    KustomizationSpec spec =
        YAML.readValue("{\"buildMetadata\":[\"transformerAnnotations\"]}", KustomizationSpec.class);

    Path file = KustomizationOverlay.prepare(root, spec);
    var built = Kustomizer.create().build(root);

    assertThat(YAML.readTree(file.toFile()).get("buildMetadata").toString())
        .isEqualTo("[\"transformerAnnotations\"]");
    assertThat(built.get(0).at("/metadata/annotations").has("config.kubernetes.io/origin"))
        .isFalse();
  }
}

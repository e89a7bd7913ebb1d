package io.capstan.kustomize.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.kustomize.v1.Kustomization;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history digest is Flux's: sha256 of the bytes {@code kustomize build} prints (after
 * decryption and substitution, before {@code commonMetadata}), so Flux and Capstan record the same
 * digest for the same build. kustomize-engine's conformance suite proves the rendering is
 * byte-identical to kustomize v5.5; here the digest is checked against the expected text itself.
 */
class BuildDigestTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** What {@code kustomize build} prints for the fixture (keys sorted, as kyaml's AsYaml). */
  private static final String KUSTOMIZE_OUTPUT =
      """
      apiVersion: v1
      data:
        color: ${color:=blue}
        list: a
      kind: ConfigMap
      metadata:
        labels:
          app: web
        name: web
        namespace: apps
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: apps
      spec:
        ports:
        - port: 80
      """;

  private static KubernetesClient client;

  @BeforeAll
  static void offlineClient() {
    // Inline substitutions never call the API server; the client is only required by the build.
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
            .build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static Path fixture(Path root) throws Exception {
    Files.writeString(
        root.resolve("kustomization.yaml"), "namespace: apps\nresources:\n- cm.yaml\n- svc.yaml\n");
    Files.writeString(
        root.resolve("cm.yaml"),
        "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: web\n  labels: {app: web}\n"
            + "data:\n  list: a\n  color: ${color:=blue}\n");
    Files.writeString(
        root.resolve("svc.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n");
    return root;
  }

  private static Kustomization kustomization(String spec) throws Exception {
    return YAML.readValue(
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
            + "metadata: {name: app, namespace: apps}\nspec:\n"
            + "  interval: 1m\n  prune: true\n  path: ./\n"
            + "  sourceRef: {kind: GitRepository, name: repo}\n"
            + spec,
        Kustomization.class);
  }

  private static String sha256(String text) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static KustomizeBuild.Output build(Path root, String spec) throws Exception {
    return new KustomizeBuild(client, false, List.of())
        .buildOutput(kustomization(spec), fixture(root), v -> {}, List.of());
  }

  @Test
  @DisplayName("the digest is sha256 of kustomize build's output bytes")
  void digestOfKustomizeOutput(@TempDir Path root) throws Exception {
    KustomizeBuild.Output output = build(root, "");

    assertThat(output.objects()).hasSize(2);
    assertThat(output.digest()).isEqualTo(sha256(KUSTOMIZE_OUTPUT));
  }

  @Test
  @DisplayName("commonMetadata is applied after digesting, as Flux adds it at apply time")
  void commonMetadataNotDigested(@TempDir Path root) throws Exception {
    KustomizeBuild.Output output = build(root, "  commonMetadata:\n    labels: {team: blue}\n");

    assertThat(output.objects().get(0).at("/metadata/labels/team").asText()).isEqualTo("blue");
    assertThat(output.digest()).isEqualTo(sha256(KUSTOMIZE_OUTPUT));
  }

  @Test
  @DisplayName("post-build substitution is digested: the substituted output's bytes")
  void substitutionDigested(@TempDir Path root) throws Exception {
    KustomizeBuild.Output output = build(root, "  postBuild:\n    substitute: {color: red}\n");

    assertThat(output.objects().get(0).at("/data/color").asText()).isEqualTo("red");
    assertThat(output.digest())
        .isEqualTo(sha256(KUSTOMIZE_OUTPUT.replace("${color:=blue}", "red")))
        .isNotEqualTo(sha256(KUSTOMIZE_OUTPUT));
  }

  @Test
  @DisplayName("an empty build digests the empty output")
  void emptyBuild() throws Exception {
    assertThat(KustomizeBuild.digest(List.of())).isEqualTo(sha256(""));
  }
}

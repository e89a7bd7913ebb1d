package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.kustomize.engine.Kustomizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code capstan build kustomization DIR} prints exactly what the kustomize engine builds. */
class BuildKustomizationTest {

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  /** As {@code main} runs it: {@code build} and {@code version} on the start-up command line. */
  private static Run capstan(String... args) {
    return capstan(
        Main.startUpCommand(args) ? Main.startUpCommandLine() : Main.commandLine(), args);
  }

  private static Run capstan(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Stream<Arguments> kustomizations() {
    return Stream.of(
        Arguments.of(
            "a plain resource list",
            Map.of(
                "kustomization.yaml", "resources:\n- cm.yaml\n",
                "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n"),
            "name: plain"),
        Arguments.of(
            "namespace, prefix and a hashed generator referenced by a Deployment",
            Map.of(
                "kustomization.yaml",
                """
                namespace: apps
                namePrefix: dev-
                resources:
                - deploy.yaml
                configMapGenerator:
                - name: settings
                  literals:
                  - MODE=dev
                """,
                "deploy.yaml",
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    spec:
                      containers:
                      - name: api
                        image: api:1
                        envFrom:
                        - configMapRef:
                            name: settings
                """),
            "name: dev-settings-"),
        Arguments.of(
            "an overlay over a base with a strategic merge patch",
            Map.of(
                "base/kustomization.yaml", "resources:\n- svc.yaml\n",
                "base/svc.yaml",
                    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n"
                        + "  - port: 80\n",
                "kustomization.yaml",
                    "resources:\n- base\npatches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n"
                        + "    metadata:\n      name: web\n    spec:\n      type: NodePort\n"),
            "type: NodePort"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  @DisplayName("prints the engine's build byte for byte and exits 0")
  void printsTheEnginesBuild(String name, Map<String, String> files, String expected)
      throws IOException {
    for (var file : files.entrySet()) {
      Path path = tmp.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }

    Run run = capstan("build", "kustomization", tmp.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo(Kustomizer.render(Kustomizer.create().build(tmp)));
    assertThat(run.out()).contains(expected);
  }

  @Test
  @DisplayName("builds the embedded example application like the engine builds examples/webapp")
  void buildsTheExampleApplication() {
    Path example = Path.of("..", "examples", "webapp");

    Run run = capstan("build", "kustomization", example.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(Kustomizer.render(Kustomizer.create().build(example)));
    assertThat(run.out()).contains("kind: Deployment", "namespace: webapp");
  }

  @Test
  @DisplayName("a build error prints one Error line on stderr, nothing on stdout, and exits 1")
  void buildError() throws IOException {
    Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- missing.yaml\n");

    Run run = capstan("build", "kustomization", tmp.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Error: ").contains("missing.yaml");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  @DisplayName("files outside the root need --load-restrictor LoadRestrictionsNone, as kustomize")
  void loadRestrictor() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(
        tmp.resolve("outside.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: far\n");
    Files.writeString(root.resolve("kustomization.yaml"), "resources:\n- ../outside.yaml\n");

    Run restricted = capstan("build", "kustomization", root.toString());
    Run unrestricted =
        capstan(
            "build", "kustomization", root.toString(), "--load-restrictor", "LoadRestrictionsNone");

    assertThat(restricted.exit()).isEqualTo(1);
    assertThat(unrestricted.exit()).isZero();
    assertThat(unrestricted.out()).contains("name: far");
  }

  @Test
  @DisplayName("build and version give the same output and exit codes on both command lines")
  void startUpCommandLineBehavesAsTheFullOne() throws IOException {
    Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- missing.yaml\n");
    String example = Path.of("..", "examples", "webapp").toString();
    for (String[] args :
        new String[][] {
          {"build", "kustomization", example},
          {"build", "kustomization", tmp.toString()},
          {"build"},
          {"version"}
        }) {
      assertThat(Main.startUpCommand(args)).isTrue();
      Run light = capstan(Main.startUpCommandLine(), args);
      Run full = capstan(Main.commandLine(), args);
      assertThat(light.exit()).as(String.join(" ", args)).isEqualTo(full.exit());
      assertThat(light.out()).as(String.join(" ", args)).isEqualTo(full.out());
      assertThat(light.err().lines().findFirst())
          .as(String.join(" ", args))
          .isEqualTo(full.err().lines().findFirst());
    }
    assertThat(Main.startUpCommand(new String[] {"run"})).isFalse();
    assertThat(Main.startUpCommand(new String[] {})).isFalse();
  }

  @Test
  @DisplayName("a build in a fresh JVM loads no Kubernetes client or operator class")
  void buildLoadsNoKubernetesClient() throws Exception {
    Path log = tmp.resolve("classes.log");
    Process java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "build",
                "kustomization",
                Path.of("..", "examples", "webapp").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();

    assertThat(java.waitFor()).isZero();
    String loaded = Files.readString(log);
    assertThat(loaded).contains("io.capstan.kustomize.engine.Kustomizer");
    assertThat(loaded).doesNotContain("io.fabric8.kubernetes.client", "io.javaoperatorsdk");
    assertThat(loaded).doesNotContain("io.capstan.cli.RunCommand", "io.capstan.cli.install");
  }
}

package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Issue #19: every controller jar gets its AppCDS archive (and AOT cache) from one definition, the
 * parent pom's {@code controller-cds} profile, activated by the module's {@code
 * src/cds/training.args}; the archive maps and holds the controller's own classes, and the jar
 * starts without it too.
 */
class ControllerArchivesTest {

  /** module → shaded jar name (without {@code .jar}). */
  static final Map<String, String> JARS =
      Map.of(
          "source-controller", "capstan-source-controller",
          "kustomize-controller", "capstan-kustomize-controller",
          "helm-controller", "capstan-helm-controller",
          "notification-controller", "capstan-notification-controller",
          "image-reflector", "capstan-image-reflector-controller",
          "image-automation", "capstan-image-automation-controller");

  /** module → the Main class its jar starts. */
  static final Map<String, String> MAINS =
      Map.of(
          "source-controller", "io.capstan.source.Main",
          "kustomize-controller", "io.capstan.kustomize.controller.Main",
          "helm-controller", "io.capstan.helm.controller.Main",
          "notification-controller", "io.capstan.notification.Main",
          "image-reflector", "io.capstan.image.controller.Main",
          "image-automation", "io.capstan.image.automation.controller.Main");

  static List<String> modules() {
    return JARS.keySet().stream().sorted().toList();
  }

  /** The tokens of a java @argfile (one per line here), without comments and blank lines. */
  static List<String> trainingArgs(String module) throws IOException {
    Path file = DeployTree.root().resolve(module).resolve("src/cds/training.args");
    assertThat(file).as(module + " has a training run").isRegularFile();
    List<String> tokens = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        tokens.addAll(Arrays.asList(trimmed.split("\\s+")));
      }
    }
    return tokens;
  }

  @ParameterizedTest
  @MethodSource("modules")
  @DisplayName("each controller's training run starts its Main with free loopback ports")
  void trainingRunStartsTheController(String module) throws Exception {
    List<String> args = trainingArgs(module);
    String main;
    int seconds;
    if (args.get(0).equals("io.capstan.runtime.process.CdsTraining")) {
      main = args.get(1);
      seconds = Integer.parseInt(args.get(2));
    } else {
      // a module's own training (kustomize-controller: builds an overlay first) that then runs
      // toolkit-runtime's CdsTraining with its Main
      assertThat(args.get(0)).endsWith(".CdsTraining");
      Class.forName(args.get(0)).getMethod("main", String[].class);
      main = MAINS.get(module);
      seconds = Integer.parseInt(args.get(2));
    }
    assertThat(main).isEqualTo(MAINS.get(module));
    Method commandLine = Class.forName(main).getMethod("commandLine");
    assertThat(Modifier.isStatic(commandLine.getModifiers())).isTrue();
    assertThat(seconds).isBetween(3, 30);
    // the build machine's ports 8080/9440/9090/9292 are never taken by a training run
    assertThat(args).contains("--metrics-addr=127.0.0.1:0", "--health-addr=127.0.0.1:0");
    if (module.equals("notification-controller")) {
      assertThat(args).contains("--events-addr=127.0.0.1:0", "--receiverAddr=127.0.0.1:0");
    }
    // parses as the controller's flags
    assertThat(
            args.subList(args.indexOf("--metrics-addr=127.0.0.1:0"), args.size()).stream()
                .allMatch(a -> a.startsWith("--")))
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("modules")
  @DisplayName("no controller pom repeats the CDS/AOT steps; its image dumps its class list")
  void oneDefinition(String module) throws Exception {
    String pom = Files.readString(DeployTree.root().resolve(module).resolve("pom.xml"));
    assertThat(pom)
        .doesNotContain("<id>appcds-class-list</id>")
        .doesNotContain("<id>appcds-archive</id>")
        .doesNotContain("<id>aot-cache</id>")
        .doesNotContain("io.capstan.runtime.process.AotCache");
    if (!JARS.get(module).equals("capstan-" + module)) {
      assertThat(pom).contains("<capstan.cds.jar>" + JARS.get(module) + "</capstan.cds.jar>");
    }
    assertThat(pom).contains("<finalName>" + JARS.get(module) + "</finalName>");
    Document doc = parse(DeployTree.root().resolve(module).resolve("pom.xml"));
    List<String> imageCds =
        arguments(
            doc,
            "/project/profiles/profile[id='images']/build/plugins/plugin"
                + "[artifactId='exec-maven-plugin']/executions/execution[id='image-cds']");
    assertThat(imageCds.get(2))
        .isEqualTo("${project.build.directory}/${capstan.cds.jar}.classlist");
  }

  @Test
  @DisplayName("the parent pom's controller-cds profile: class list, archive, AOT cache, skippable")
  void parentProfile() throws Exception {
    Document pom = parse(DeployTree.root().resolve("pom.xml"));
    String profile = "/project/profiles/profile[id='controller-cds']";
    assertThat(text(pom, profile + "/activation/file/exists"))
        .isEqualTo("${basedir}/src/cds/training.args");
    assertThat(text(pom, "/project/properties/capstan.cds.jar"))
        .isEqualTo("capstan-${project.artifactId}");
    String plugins = profile + "/build/plugins/plugin";
    // shade first: the executions run after the shaded jar is written (same phase)
    assertThat(text(pom, plugins + "[1]/artifactId")).isEqualTo("maven-shade-plugin");
    String exec = plugins + "[artifactId='exec-maven-plugin']/executions/execution";
    for (String id : List.of("appcds-class-list", "appcds-archive", "aot-cache")) {
      assertThat(text(pom, exec + "[id='" + id + "']/phase")).isEqualTo("package");
      assertThat(text(pom, exec + "[id='" + id + "']/configuration/skip"))
          .isEqualTo("${capstan.cds.skip}");
    }
    String jar = "${project.build.directory}/${capstan.cds.jar}";
    assertThat(arguments(pom, exec + "[id='appcds-class-list']"))
        .containsSubsequence(
            "-XX:DumpLoadedClassList=" + jar + ".classlist",
            "-cp",
            jar + ".jar",
            "@${basedir}/src/cds/training.args");
    assertThat(arguments(pom, exec + "[id='appcds-archive']"))
        .contains(
            "-Xshare:dump",
            "-XX:SharedClassListFile=" + jar + ".classlist",
            "-XX:SharedArchiveFile=" + jar + ".jsa");
    assertThat(arguments(pom, exec + "[id='aot-cache']"))
        .containsSubsequence(
            "io.capstan.runtime.process.AotCache",
            jar + ".aot",
            "-cp",
            jar + ".jar",
            "@${basedir}/src/cds/training.args");
  }

  /**
   * The built jar with its archive under {@code -Xshare:on} (the JVM fails when it cannot map it)
   * loads the controller's Main from the archive; without the archive it starts as well. Needs the
   * modules' {@code package} output (the e2e reactor build has it).
   */
  @ParameterizedTest
  @MethodSource("modules")
  @DisplayName(
      "each controller jar starts with its AppCDS archive (its classes shared) and without")
  void jarStartsWithAndWithoutArchive(String module) throws Exception {
    Path target = DeployTree.root().resolve(module).resolve("target");
    Path jar = target.resolve(JARS.get(module) + ".jar");
    Path archive = target.resolve(JARS.get(module) + ".jsa");
    assumeTrue(Files.isRegularFile(jar), "build " + module + " first (package)");
    assumeTrue(Files.isRegularFile(archive), "built with -Dcapstan.cds.skip=true: no " + archive);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String main = MAINS.get(module);
    // the training run's class list names the controller's classes, not only the JDK's
    assertThat(Files.readString(target.resolve(JARS.get(module) + ".classlist")))
        .contains(main.replace('.', '/'))
        .contains("io/fabric8/kubernetes/client/");

    Result with =
        run(
            List.of(
                java,
                "-XX:+UseSerialGC",
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info",
                "-cp",
                jar.toString(),
                main,
                "--help"));
    assertThat(with.exit).as(with.output).isZero();
    assertThat(with.output)
        .contains("--metrics-addr")
        .contains(main + " source: shared objects file");

    Result without =
        run(
            List.of(
                java,
                "-XX:+UseSerialGC",
                "-Xlog:class+load=info",
                "-cp",
                jar.toString(),
                main,
                "--help"));
    assertThat(without.exit).as(without.output).isZero();
    assertThat(without.output)
        .contains("--metrics-addr")
        .doesNotContain(main + " source: shared objects file");
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String text(Document doc, String xpath) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
  }

  private static List<String> arguments(Document doc, String execution) throws Exception {
    NodeList args =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate(
                    execution + "/configuration/arguments/argument", doc, XPathConstants.NODESET);
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < args.getLength(); i++) {
      arguments.add(args.item(i).getTextContent().trim());
    }
    return arguments;
  }
}

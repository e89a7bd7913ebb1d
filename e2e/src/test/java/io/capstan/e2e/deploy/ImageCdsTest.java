package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Issue #19: the AppCDS archive of each controller image ({@code deploy/images/image-cds.sh}) and
 * the default CDS archive of the jlinked base JRE ({@code deploy/images/jre-base-image.sh}).
 */
class ImageCdsTest {

  static final String ARCHIVE = "/app/capstan.jsa";

  static List<String> shippedFlags() throws IOException {
    Matcher m =
        Pattern.compile("- JAVA_TOOL_OPTIONS=(.*)")
            .matcher(Files.readString(DeployTree.dir().resolve("kustomization.yaml")));
    assertThat(m.find()).as("JAVA_TOOL_OPTIONS literal in deploy/kustomization.yaml").isTrue();
    return Arrays.asList(m.group(1).trim().split("\\s+"));
  }

  @Test
  @DisplayName(
      "the shipped JVM flags map /app/capstan.jsa when present and keep JVM logs off stdout")
  void flagsNameTheImageArchive() throws IOException {
    // DeployBuildTest checks that the images' JAVA_TOOL_OPTIONS (parent pom) are the same literal
    assertThat(shippedFlags())
        .contains(
            "-Xshare:auto",
            "-XX:SharedArchiveFile=" + ARCHIVE,
            "-Xlog:disable",
            "-Xlog:all=warning:stderr")
        .doesNotContain("-Xshare:on");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
        "image-reflector",
        "image-automation"
      })
  @DisplayName("each -Pimages build: jar + image tar, image-cds.sh, then the image with its layer")
  void imageProfileAddsTheArchive(String module) throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(DeployTree.root().resolve(module).resolve("pom.xml").toFile());
    String profile = "/project/profiles/profile[id='images']/build/plugins/plugin";
    assertThat(
            text(
                pom,
                profile
                    + "[artifactId='maven-jar-plugin']/executions/execution[id='default-jar']/phase"))
        .isEqualTo("prepare-package");
    String jib = profile + "[artifactId='jib-maven-plugin']/executions/execution";
    assertThat(text(pom, jib + "[id='image-layout']/phase")).isEqualTo("prepare-package");
    assertThat(text(pom, jib + "[id='image-layout']/goals/goal")).isEqualTo("buildTar");
    assertThat(text(pom, jib + "[id='image']/phase")).isEqualTo("package");
    assertThat(text(pom, jib + "[id='image']/goals/goal")).isEqualTo("build");
    String extra = jib + "[id='image']/configuration/extraDirectories/paths/path";
    assertThat(text(pom, extra + "/from")).isEqualTo("${project.build.directory}/jib-cds");
    assertThat(text(pom, extra + "/into")).isEqualTo("/");
    String exec = profile + "[artifactId='exec-maven-plugin']/executions/execution[id='image-cds']";
    assertThat(text(pom, exec + "/phase")).isEqualTo("package");
    NodeList args =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate(exec + "/configuration/arguments/argument", pom, XPathConstants.NODESET);
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < args.getLength(); i++) {
      arguments.add(args.item(i).getTextContent().trim());
    }
    assertThat(arguments).hasSize(6);
    assertThat(arguments.get(0)).endsWith("/deploy/images/image-cds.sh");
    assertThat(arguments.get(1)).isEqualTo("${project.build.directory}/jib-image.tar");
    assertThat(arguments.get(3)).isEqualTo("${project.build.directory}/jib-cds");
    // the image's fabric8 registry is cut down to the shaded jar's (the shade filters)
    assertThat(arguments.get(5)).isEqualTo("${project.build.directory}/${capstan.cds.jar}.jar");
    // every controller's build has a training run (parent pom, controller-cds): its class list
    assertThat(arguments.get(2)).endsWith(".classlist");
    // CDS archives classes from jars only: the module's classes must be a jar in the image
    Document parent =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(DeployTree.root().resolve("pom.xml").toFile());
    assertThat(
            text(
                parent,
                "/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']"
                    + "/configuration/containerizingMode"))
        .isEqualTo("packaged");
  }

  private static String text(Document doc, String xpath) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
  }

  @Test
  @DisplayName("a missing or unreadable archive: the JVM starts without CDS, nothing on stdout")
  void missingOrBrokenArchiveIsQuiet(@TempDir Path tmp) throws Exception {
    Path garbage = Files.writeString(tmp.resolve("garbage.jsa"), "not an archive");
    for (Path archive : List.of(tmp.resolve("missing.jsa"), garbage)) {
      List<String> cmd = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString()));
      for (String flag : shippedFlags()) {
        cmd.add(flag.replace(ARCHIVE, archive.toString()));
      }
      cmd.add("-version");
      Result r = run(cmd, Map.of(), tmp);
      assertThat(r.exit).as(archive + ": " + r.stderr).isZero();
      assertThat(r.stdout).as(archive.toString()).isEmpty();
      assertThat(r.stderr).contains("version").doesNotContainIgnoringCase("error");
    }
  }

  /**
   * The whole path on a small image: the base made by jre-base-image.sh (a jlinked {@code
   * java.base} JRE with its default CDS layer), an app layer laid out as Jib's packaged mode, the
   * class list of a training run, image-cds.sh in a chroot of the unpacked image; then the image's
   * JVM with the shipped flags loads the app class from the archive, and a jar changed after the
   * dump (size or mtime) makes it start without the archive, silently. Needs root or unprivileged
   * user namespaces for the chroot (as image-cds.sh does).
   */
  @Test
  @DisplayName("image-cds.sh: the image's own JRE dumps an archive that it maps in the image")
  void imageCdsDumpsAnArchiveTheImageMaps(@TempDir Path tmp) throws Exception {
    assumeTrue(canChroot(tmp), "needs root or unprivileged user namespaces (unshare -r)");
    Path scripts = DeployTree.dir().resolve("images");
    Path base = tmp.resolve("base");
    Map<String, String> env =
        Map.of(
            "CAPSTAN_JRE_MODULES",
            "java.base",
            "CAPSTAN_JRE_SAVE",
            base.toString(),
            "JLINK",
            javaHome().resolve("bin/jlink").toString());
    Result jre =
        run(List.of("bash", scripts.resolve("jre-base-image.sh").toString(), "-"), env, tmp);
    assertThat(jre.exit).as(jre.stderr).isZero();
    assertThat(Files.readString(base.resolve("manifest.json"))).contains(".tar.gz");

    // the app: one class in a jar, at Jib's packaged-mode path, file times Jib's (epoch + 1 s)
    Path app = tmp.resolve("app-layer/app");
    Path jar = app.resolve("classpath/cds-hello.jar");
    writeHelloJar(tmp.resolve("src"), jar);
    // two dependency jars with a fabric8 registry each; the shaded jar keeps only the first's
    writeRegistryJar(app.resolve("libs/kept-model.jar"), "io.example.Kept");
    writeRegistryJar(app.resolve("libs/dropped-model.jar"), "io.example.Dropped");
    Path shaded = writeRegistryJar(tmp.resolve("capstan-hello.jar"), "io.example.Kept");
    Files.writeString(
        app.resolve("jib-classpath-file"),
        "/app/classpath/cds-hello.jar:/app/libs/dropped-model.jar:/app/libs/kept-model.jar");
    Path layer = tmp.resolve("app.tar.gz");
    assertThat(
            run(
                    List.of(
                        "tar",
                        "--sort=name",
                        "--mtime=@1",
                        "--numeric-owner",
                        "-czf",
                        layer.toString(),
                        "-C",
                        tmp.resolve("app-layer").toString(),
                        "app"),
                    Map.of(),
                    tmp)
                .exit)
        .isZero();
    String manifest = Files.readString(base.resolve("manifest.json"));
    Files.copy(layer, base.resolve("app.tar.gz"));
    Files.writeString(
        base.resolve("manifest.json"), manifest.replace("\"]}]", "\",\"app.tar.gz\"]}]"));
    Path image = tmp.resolve("image.tar");
    List<String> pack = new ArrayList<>(List.of("tar", "-cf", image.toString(), "-C"));
    pack.add(base.toString());
    try (var files = Files.list(base)) {
      files.map(p -> p.getFileName().toString()).sorted().forEach(pack::add);
    }
    assertThat(run(pack, Map.of(), tmp).exit).isZero();

    // the class list of a training run (the build's JDK, as the controllers' CdsTraining runs)
    Path classlist = tmp.resolve("hello.classlist");
    Result training =
        run(
            List.of(
                javaHome().resolve("bin/java").toString(),
                "-XX:DumpLoadedClassList=" + classlist,
                "-cp",
                jar.toString(),
                "CdsHello"),
            Map.of(),
            tmp);
    assertThat(training.stdout).isEqualTo("hello\n");
    assertThat(Files.readString(classlist)).contains("CdsHello");

    Path out = tmp.resolve("jib-cds");
    Result cds =
        run(
            List.of(
                "bash",
                scripts.resolve("image-cds.sh").toString(),
                image.toString(),
                classlist.toString(),
                out.toString(),
                tmp.resolve("image-cds.log").toString(),
                shaded.toString()),
            Map.of(),
            tmp);
    assertThat(cds.exit).as(cds.stdout + cds.stderr).isZero();
    assertThat(cds.stdout)
        .contains("image-cds: " + ARCHIVE)
        .contains("fabric8 registry of 1 /app/libs jars dropped as in capstan-hello.jar");
    assertThat(out.resolve("app/capstan.jsa")).isRegularFile();
    // the jar whose kinds the shaded jar drops, without its registry, for the archive's layer
    Path dropped = out.resolve("app/libs/dropped-model.jar");
    assertThat(dropped).isRegularFile();
    assertThat(out.resolve("app/libs/kept-model.jar")).doesNotExist();
    try (JarFile filtered = new JarFile(dropped.toFile())) {
      assertThat(filtered.getEntry(REGISTRY)).isNull();
      assertThat(filtered.getEntry("model/Marker.txt")).isNotNull();
    }
    assertThat(Files.getLastModifiedTime(dropped).toMillis()).isEqualTo(1000);

    // the image as a container would see it: base + app layer + the archive layer
    Path rootfs = tmp.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("proc"));
    for (String l : layersOf(manifest)) {
      untar(base.resolve(l), rootfs, tmp);
    }
    untar(layer, rootfs, tmp);
    Files.copy(out.resolve("app/capstan.jsa"), rootfs.resolve("app/capstan.jsa"));
    // the archive's layer replaces the full jar (Jib's file time: epoch + 1 s)
    Path replaced = rootfs.resolve("app/libs/dropped-model.jar");
    Files.copy(dropped, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(replaced, FileTime.fromMillis(1000));

    List<String> logClassLoad = List.of("-Xlog:class+load=info:stdout");
    Result mapped = inImage(rootfs, logClassLoad, tmp);
    assertThat(mapped.exit).as(mapped.stderr).isZero();
    assertThat(mapped.stdout)
        .contains("CdsHello source: shared objects file")
        .contains("java.lang.Object source: shared objects file")
        .contains("\nhello\n");

    // a jar that is not the one dumped (here: another mtime): no CDS, same output, no noise
    Files.setLastModifiedTime(
        rootfs.resolve("app/classpath/cds-hello.jar"), FileTime.fromMillis(5_000));
    Result stale = inImage(rootfs, List.of(), tmp);
    assertThat(stale.exit).as(stale.stderr).isZero();
    assertThat(stale.stdout).isEqualTo("hello\n");
    Result staleLogged = inImage(rootfs, logClassLoad, tmp);
    assertThat(staleLogged.stdout).doesNotContain("CdsHello source: shared objects file");
  }

  /** java -cp @/app/jib-classpath-file CdsHello in a chroot, the shipped JAVA_TOOL_OPTIONS. */
  private static Result inImage(Path rootfs, List<String> extra, Path tmp) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "-i"));
    cmd.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/java/bin");
    cmd.add("JAVA_TOOL_OPTIONS=" + String.join(" ", shippedFlags()));
    cmd.addAll(unshare());
    cmd.addAll(
        List.of("--mount-proc=" + rootfs.resolve("proc"), "chroot", rootfs.toString(), "java"));
    cmd.addAll(extra);
    cmd.addAll(List.of("-cp", "@/app/jib-classpath-file", "CdsHello"));
    return run(cmd, Map.of(), tmp);
  }

  private static List<String> unshare() {
    return "root".equals(System.getProperty("user.name"))
        ? List.of("unshare", "--mount", "--pid", "--fork")
        : List.of("unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork");
  }

  private static boolean canChroot(Path tmp) {
    try {
      List<String> cmd = new ArrayList<>(unshare());
      cmd.add("--mount-proc=" + Files.createDirectories(tmp.resolve("probe")));
      cmd.add("true");
      return run(cmd, Map.of(), tmp).exit == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static List<String> layersOf(String manifest) {
    List<String> layers = new ArrayList<>();
    Matcher m = Pattern.compile("\"([0-9a-f]{64}\\.tar\\.gz)\"").matcher(manifest);
    while (m.find()) {
      layers.add(m.group(1));
    }
    assertThat(layers).isNotEmpty();
    return layers;
  }

  private static void untar(Path layer, Path rootfs, Path tmp) throws Exception {
    Result r =
        run(
            List.of(
                "tar",
                "--warning=no-unknown-keyword",
                "--no-same-owner",
                "-xzf",
                layer.toString(),
                "-C",
                rootfs.toString()),
            Map.of(),
            tmp);
    assertThat(r.exit).as(r.stderr).isZero();
  }

  private static void writeHelloJar(Path src, Path jar) throws IOException {
    Files.createDirectories(src);
    Files.createDirectories(jar.getParent());
    Files.writeString(
        src.resolve("CdsHello.java"),
        "public class CdsHello { public static void main(String[] a) {"
            + " System.out.println(\"hello\"); } }");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "17",
                "-d",
                src.toString(),
                src.resolve("CdsHello.java").toString());
    assertThat(rc).isZero();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      JarEntry entry = new JarEntry("CdsHello.class");
      entry.setTime(1000);
      out.putNextEntry(entry);
      out.write(Files.readAllBytes(src.resolve("CdsHello.class")));
      out.closeEntry();
    }
  }

  static final String REGISTRY =
      "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource";

  /** A jar with fabric8's registry naming {@code kind} and one other file. */
  private static Path writeRegistryJar(Path jar, String kind) throws IOException {
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String[] file :
          List.of(
              new String[] {REGISTRY, "# kinds\n" + kind + "\n"},
              new String[] {"model/Marker.txt", kind})) {
        JarEntry entry = new JarEntry(file[0]);
        entry.setTime(1000);
        out.putNextEntry(entry);
        out.write(file[1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result run(List<String> cmd, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    p.getInputStream().transferTo(stdout);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
    return new Result(
        p.exitValue(),
        stdout.toString(StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}

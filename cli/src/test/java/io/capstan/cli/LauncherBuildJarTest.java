package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/capstan build kustomization} in the plain forms {@link QuickBuild} takes runs {@code
 * cli/target/capstan-build.jar} (start-up, issue #19) when the build wrote it and {@code
 * capstan.jar} is not newer; every other command and form runs {@code capstan.jar}. The real script
 * runs in a temporary checkout whose jars are probes that print which jar ran and their arguments;
 * the launcher's choice is checked against {@code QuickBuild.run} for the same arguments, since the
 * small jar has no picocli fall-back of its own.
 */
class LauncherBuildJarTest {

  @TempDir Path checkout;
  private Path target;

  record Run(int exit, String out, String err) {}

  /** The small jar's probe: names its jar and prints its arguments; exits 0. */
  public static final class BuildProbe {
    private BuildProbe() {}

    public static void main(String[] args) {
      System.out.println("capstan-build.jar " + String.join(" ", args));
    }
  }

  @BeforeEach
  void layOut() throws IOException {
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    Path launcher = Path.of("..", "bin", "capstan").toAbsolutePath().normalize();
    Files.copy(launcher, bin.resolve("capstan"), StandardCopyOption.COPY_ATTRIBUTES);
    target = Files.createDirectories(checkout.resolve("cli/target"));
    writeJar("capstan.jar", LauncherCacheTest.Probe.class, null, -120_000);
    writeJar("capstan-build.jar", BuildProbe.class, null, -60_000);
  }

  @Test
  void thePlainBuildRunsTheSmallJar() throws Exception {
    Run run = capstan(java(), "build", "kustomization", "dir");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("capstan-build.jar build kustomization dir\n");
  }

  /** The launcher runs the small jar exactly for the arguments QuickBuild takes. */
  @Test
  void theLaunchersChoiceIsQuickBuilds() throws Exception {
    List<List<String>> forms =
        List.of(
            List.of(),
            List.of("dir"),
            List.of("dir", "--load-restrictor", "LoadRestrictionsNone"),
            List.of("--load-restrictor=LoadRestrictionsRootOnly", "dir"),
            List.of("--load-restrictor", "LoadRestrictionsRootOnly"),
            List.of("--load-restrictor", "dir"),
            List.of("--load-restrictor"),
            List.of("dir", "--load-restrictor"),
            List.of("--load-restrictor", "--help"),
            List.of("--load-restrictor=Bad"),
            List.of("--load-restrictor="),
            List.of(
                "--load-restrictor",
                "LoadRestrictionsNone",
                "--load-restrictor=LoadRestrictionsNone"),
            List.of("--help"),
            List.of("-h"),
            List.of("--", "dir"),
            List.of("@args"),
            List.of(""),
            List.of("a", "b"),
            List.of("dir with spaces"),
            List.of("*"));
    for (List<String> form : forms) {
      List<String> args = new ArrayList<>(List.of("build", "kustomization"));
      args.addAll(form);
      StringWriter sink = new StringWriter();
      boolean quick =
          QuickBuild.run(args.toArray(String[]::new), new PrintWriter(sink), new PrintWriter(sink))
              != -1;
      Run run = capstan(java(), args.toArray(String[]::new));
      assertThat(run.out())
          .as("bin/capstan %s", args)
          .startsWith(quick ? "capstan-build.jar " : "probe ");
    }
    for (String other : List.of("helmrelease", "Kustomization")) {
      assertThat(capstan(java(), "build", other, "0").out()).startsWith("probe ");
    }
  }

  @Test
  void everyOtherCommandRunsTheFatJar() throws Exception {
    for (String command : List.of("version", "run", "install", "kustomization")) {
      Run run = capstan(java(), command, "0");
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("probe " + command + " 0\n");
    }
  }

  @Test
  void withoutTheSmallJarOrWithAnOlderOneBuildRunsTheFatJar() throws Exception {
    writeJar("capstan.jar", LauncherCacheTest.Probe.class, null, 2_000); // rebuilt after it
    Run stale = capstan(java(), "build", "kustomization", "4");
    assertThat(stale.exit()).as(stale.err()).isEqualTo(4);
    assertThat(stale.out()).isEqualTo("probe build kustomization 4\n");

    Files.delete(target.resolve("capstan-build.jar"));
    Run missing = capstan(java(), "build", "kustomization", "5");
    assertThat(missing.exit()).as(missing.err()).isEqualTo(5);
    assertThat(missing.out()).isEqualTo("probe build kustomization 5\n");
  }

  @Test
  void aBrokenArchiveOfTheSmallJarBreaksNothing() throws Exception {
    assumeTrue(Runtime.version().feature() < 25, "the test JVM is the JDK 17 launcher path");
    Files.writeString(target.resolve("capstan-build.jsa"), "not an archive");
    Run run = capstan(java(), "build", "kustomization", "0");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("capstan-build.jar build kustomization 0\n");
  }

  @Test
  void theLauncherIsFoundByARelativePathAndJavaOnPath() throws Exception {
    // no CAPSTAN_JAVA, JAVA_HOME or recorded JDK: java from PATH, found without a subshell
    String path = java().getParent() + File.pathSeparator + System.getenv("PATH");
    Run relative = run(checkout, List.of("bin/capstan", "build", "kustomization", "0"), path);
    assertThat(relative.exit()).as(relative.err()).isZero();
    assertThat(relative.out()).isEqualTo("capstan-build.jar build kustomization 0\n");
    Run inBin =
        run(checkout.resolve("bin"), List.of("sh", "capstan", "build", "kustomization", "0"), path);
    assertThat(inBin.exit()).as(inBin.err()).isZero();
    assertThat(inBin.out()).isEqualTo("capstan-build.jar build kustomization 0\n");
  }

  private static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private Run capstan(Path java, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(checkout.resolve("bin/capstan").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CAPSTAN_JAVA", java.toString());
    return run(builder);
  }

  private Run run(Path directory, List<String> command, String path) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().remove("CAPSTAN_JAVA");
    builder.environment().put("PATH", path);
    return run(builder);
  }

  private Run run(ProcessBuilder builder) throws Exception {
    Map<String, String> env = builder.environment();
    env.remove("JAVA_HOME");
    env.remove("CAPSTAN_JAVA_OPTS");
    Path err = Files.createTempFile(checkout, "err", ".txt");
    Process process = builder.redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out, Files.readString(err));
  }

  /** {@code target/name} holding {@code main} (its main class), {@code ageMillis} from now. */
  private void writeJar(String name, Class<?> main, String classPath, long ageMillis)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
    if (classPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    String entry = main.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (var in = main.getClassLoader().getResourceAsStream(entry)) {
      bytes = in.readAllBytes();
    }
    Path jar = target.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(bytes);
    }
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + ageMillis));
  }
}

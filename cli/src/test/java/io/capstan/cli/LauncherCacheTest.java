package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.capstan.runtime.process.AotCache;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/capstan} (the real script, copied into a temporary checkout whose {@code
 * cli/target/capstan.jar} is a small probe jar) with a missing, stale or broken AppCDS archive or
 * JDK 25+ AOT cache: stdout and the exit status are the command's own every time, whatever the JVM
 * thinks of the cache (issue #19).
 */
class LauncherCacheTest {

  @TempDir Path checkout;
  private Path jar;

  record Run(int exit, String out, String err) {}

  /** The probe: prints its arguments and exits with the status its last argument names. */
  public static final class Probe {
    private Probe() {}

    public static void main(String[] args) {
      System.out.println("probe " + String.join(" ", args));
      System.exit(Integer.parseInt(args[args.length - 1]));
    }
  }

  @BeforeEach
  void layOut() throws IOException {
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    Path launcher = Path.of("..", "bin", "capstan").toAbsolutePath().normalize();
    Files.copy(launcher, bin.resolve("capstan"), StandardCopyOption.COPY_ATTRIBUTES);
    jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("capstan.jar");
    writeJar("first");
  }

  @Test
  void withoutArchivesTheCommandRunsOnAnyJdk() throws Exception {
    for (Path java : javas()) {
      Run run = capstan(java, "build", "3");
      assertThat(run.exit()).as(run.err()).isEqualTo(3);
      assertThat(run.out()).isEqualTo("probe build 3\n");
    }
  }

  @Test
  void aJdk17ArchiveThatIsStaleOrBrokenIsIgnored() throws Exception {
    Path jdk17 = Path.of(System.getProperty("java.home"), "bin", "java");
    assumeTrue(Runtime.version().feature() < 25, "the test JVM is the JDK 17 launcher path");
    Path archive = checkout.resolve("cli/target/capstan.jsa");
    Files.writeString(archive, "not an archive");
    Run broken = capstan(jdk17, "build", "0");
    assertThat(broken.exit()).as(broken.err()).isZero();
    assertThat(broken.out()).isEqualTo("probe build 0\n");
  }

  @Test
  void anAotCacheIsUsedAndAStaleOrBrokenOneBreaksNothing() throws Exception {
    Optional<Path> jdk25 = AotCache.findJava("", AotCache.candidates());
    assumeTrue(jdk25.isPresent(), "no JDK 25+ on this machine");
    Path cache = checkout.resolve("cli/target/capstan.aot");
    List<String> training =
        List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "t", "0");
    assertThat(AotCache.create(cache, jdk25, training)).isZero();
    assertThat(cache).isRegularFile();

    // the launcher picks the JDK that wrote the cache (cli/target/capstan.aot.java) by itself
    Path used = checkout.resolve("used.log");
    Run fresh =
        capstan(
            null, "build", "kustomization", "2", "-XX:AOTMode=on", "-Xlog:aot=info:file=" + used);
    assertThat(fresh.exit())
        .as("AOTMode=on fails the JVM unless the cache is used: " + fresh.err())
        .isEqualTo(2);
    assertThat(fresh.out()).isEqualTo("probe build kustomization 2\n");
    assertThat(Files.readString(used)).contains("Opened AOT cache").contains("capstan.aot");

    writeJar("rebuilt"); // the jar changes: the cache is stale now
    Run stale = capstan(null, "build", "kustomization", "4");
    assertThat(stale.exit()).as(stale.err()).isEqualTo(4);
    assertThat(stale.out()).isEqualTo("probe build kustomization 4\n");
    // JDK 25.0.3 would run a stale cache's classes: the launcher must not pass it
    Path log = checkout.resolve("aot.log");
    Run notUsed = capstan(null, "build", "1", "-Xlog:aot=info:file=" + log);
    assertThat(notUsed.exit()).as(notUsed.err()).isEqualTo(1);
    assertThat(Files.readString(log)).doesNotContain("capstan.aot");

    Files.writeString(cache, "not a cache");
    Run broken = capstan(jdk25.get(), "build", "0");
    assertThat(broken.exit()).as(broken.err()).isZero();
    assertThat(broken.out()).isEqualTo("probe build 0\n");

    Files.delete(cache);
    Run missing = capstan(jdk25.get(), "build", "5");
    assertThat(missing.exit()).as(missing.err()).isEqualTo(5);
    assertThat(missing.out()).isEqualTo("probe build 5\n");
  }

  /** The test's JDK and, when there is one, a JDK 25+. */
  private static List<Path> javas() {
    List<Path> javas =
        new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java")));
    AotCache.findJava("", AotCache.candidates()).ifPresent(javas::add);
    return javas;
  }

  /**
   * Runs {@code bin/capstan args} with {@code CAPSTAN_JAVA=java} ({@code null}: unset, and no
   * {@code JAVA_HOME}); an argument starting with {@code -X} goes to {@code CAPSTAN_JAVA_OPTS}.
   */
  private Run capstan(Path java, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(checkout.resolve("bin/capstan").toString()));
    StringBuilder opts = new StringBuilder();
    for (String arg : args) {
      if (arg.startsWith("-X")) {
        opts.append(arg).append(' ');
      } else {
        command.add(arg);
      }
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.remove("JAVA_HOME");
    env.remove("CAPSTAN_JAVA");
    env.put("CAPSTAN_JAVA_OPTS", opts.toString().trim());
    if (java != null) {
      env.put("CAPSTAN_JAVA", java.toString());
    }
    Path err = Files.createTempFile(checkout, "err", ".txt");
    Process process = builder.redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out, Files.readString(err));
  }

  /** A jar with the probe as its main class; {@code tag} changes its content. */
  private void writeJar(String tag) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
    String entry = Probe.class.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (var in = Probe.class.getClassLoader().getResourceAsStream(entry)) {
      bytes = in.readAllBytes();
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(bytes);
      out.putNextEntry(new JarEntry("tag.txt"));
      out.write(tag.getBytes(StandardCharsets.UTF_8));
    }
    // the first jar is two minutes old (the cache trained on it is newer), a rebuilt one is newer
    // than that cache even within the same second
    long age = tag.equals("first") ? -120_000 : 2_000;
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + age));
  }
}

package io.capstan.runtime.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build step that writes a JDK 25+ AOT cache (JEP 483/514/515, "Leyden") beside a jar (issue
 * #19, start-up), run by the build as {@code java [-Dcapstan.aot.java=/path/to/java]
 * io.capstan.runtime.process.AotCache OUTPUT.aot TRAINING-ARGS...}: it finds a {@code java} of JDK
 * 25 or newer ({@link #findJava}), runs {@code JAVA -XX:AOTCacheOutput=OUTPUT.aot TRAINING-ARGS}
 * (the module's existing {@code CdsTraining} run: the same entry point as the AppCDS archive's) and
 * writes {@code OUTPUT.aot.java} with that {@code java}'s path, so launchers know which JDK the
 * cache belongs to; the training run's output goes to {@code OUTPUT.aot.log}. Without such a JDK it
 * logs one line and exits 0 (the build stays green on JDK 17 alone, the AppCDS archive is the only
 * one), after deleting an older cache of the same name. A training run that fails, times out or
 * writes no cache fails the step (exit 1).
 *
 * <p>Uses only the JDK, so a module whose jar does not hold toolkit-runtime (kustomize-engine) runs
 * this file in the source-file mode of {@code java} (JEP 330). Never used at run time.
 */
public final class AotCache {

  /** The first JDK with {@code -XX:AOTCacheOutput} (JEP 514). */
  static final int MIN_FEATURE = 25;

  private static final Pattern JAVA_VERSION =
      Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)[^\"]*\"");

  private AotCache() {}

  /** {@code args[0]}: the cache to write; the rest: the training run's JVM options and main. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: AotCache OUTPUT.aot TRAINING-ARGS...");
      System.exit(2);
    }
    Optional<Path> java = findJava(System.getProperty("capstan.aot.java", ""), candidates());
    int exit =
        create(
            Path.of(args[0]).toAbsolutePath(), java, Arrays.asList(args).subList(1, args.length));
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * Writes {@code output} with {@code java} (skipped, 0, when empty) and the training run {@code
   * training}; 0 when done or skipped, 1 when the training run failed.
   */
  public static int create(Path output, Optional<Path> java, List<String> training)
      throws IOException, InterruptedException {
    Path javaFile = output.resolveSibling(output.getFileName() + ".java");
    Files.deleteIfExists(output);
    Files.deleteIfExists(javaFile);
    if (java.isEmpty()) {
      System.out.println(
          "AOT cache "
              + output.getFileName()
              + ": skipped, no JDK "
              + MIN_FEATURE
              + "+ found (set -Dcapstan.aot.java=/path/to/jdk-25/bin/java); launchers use the"
              + " AppCDS archive");
      return 0;
    }
    List<String> command = new ArrayList<>();
    command.add(java.get().toString());
    command.add("-XX:AOTCacheOutput=" + output);
    command.addAll(training);
    System.out.println("AOT cache " + output.getFileName() + ": " + String.join(" ", command));
    long start = System.nanoTime();
    Path log = output.resolveSibling(output.getFileName() + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return fail(output, log, "the training run did not end within 10 minutes");
    }
    if (process.exitValue() != 0) {
      return fail(output, log, "the training run exited " + process.exitValue());
    }
    if (!Files.isRegularFile(output)) {
      return fail(output, log, "the training run wrote no cache");
    }
    Files.writeString(javaFile, java.get() + "\n");
    System.out.printf(
        "AOT cache %s: %d MB in %.1f s (training + assembly) with %s; log %s%n",
        output.getFileName(),
        Files.size(output) >> 20,
        (System.nanoTime() - start) / 1e9,
        java.get(),
        log.getFileName());
    return 0;
  }

  private static int fail(Path output, Path log, String why) throws IOException {
    Files.deleteIfExists(output);
    List<String> lines =
        Files.isRegularFile(log)
            ? Arrays.asList(
                new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .split("\n"))
            : List.of();
    System.err.println(
        "AOT cache "
            + output.getFileName()
            + ": "
            + why
            + "; the last lines of "
            + log
            + ":\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    return 1;
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /**
   * The {@code java} to train with: {@code configured} (the {@code capstan.aot.java} property) when
   * set and it is a JDK of {@value #MIN_FEATURE} or newer, else the newest such JDK among {@code
   * homes}; empty when there is none. A configured {@code java} that is missing or too old is
   * reported and not replaced by another.
   */
  public static Optional<Path> findJava(String configured, List<Path> homes) {
    if (!configured.isBlank()) {
      Path java = Path.of(configured.trim());
      int feature = Files.isExecutable(java) ? feature(homeOf(java)) : -1;
      if (feature >= MIN_FEATURE) {
        return Optional.of(java);
      }
      System.out.println(
          "AOT cache: capstan.aot.java="
              + configured
              + (feature < 0
                  ? " is not a java of a JDK with a release file"
                  : " is JDK " + feature + ", older than " + MIN_FEATURE));
      return Optional.empty();
    }
    Path best = null;
    int bestFeature = MIN_FEATURE - 1;
    for (Path home : homes) {
      Path java = home.resolve("bin/java");
      int feature = feature(home);
      if (feature > bestFeature && Files.isExecutable(java)) {
        best = java;
        bestFeature = feature;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The JDK home of {@code .../bin/java}, links resolved. */
  public static Path homeOf(Path java) {
    try {
      return java.toRealPath().getParent().getParent();
    } catch (IOException | NullPointerException e) {
      return java.toAbsolutePath().getParent().getParent();
    }
  }

  /** The feature release (17, 25, ...) from {@code home/release}; -1 when unreadable. */
  public static int feature(Path home) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Where JDKs usually are: the running JVM's home, {@code $JAVA_HOME}, and the JDKs in {@code
   * /usr/lib/jvm}, {@code /opt/java}, {@code /usr/local/lib/jvm} and SDKMAN's folder.
   */
  public static List<Path> candidates() {
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      homes.add(Path.of(javaHome));
    }
    List<Path> roots = new ArrayList<>(List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java")));
    roots.add(Path.of("/usr/local/lib/jvm"));
    roots.add(Path.of(System.getProperty("user.home"), ".sdkman/candidates/java"));
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> found = new ArrayList<>();
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
        dirs.forEach(found::add);
      } catch (IOException e) {
        continue;
      }
      found.sort(null); // a stable choice among JDKs of the same feature release
      homes.addAll(found);
    }
    return homes;
  }
}

package io.capstan.e2e.bench;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.runtime.process.AotCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The footprint benchmark of issue #19 (run by {@code -Pbench} in e2e, never by {@code verify}): in
 * one run it prints (1) start-up of {@code capstan-kustomize.jar build} and {@code bin/capstan
 * build kustomization} against {@code kubectl kustomize} on {@code examples/webapp} and a 24-object
 * overlay, alternated (wall and CPU medians); (2) source-controller's, kustomize-controller's and
 * helm-controller's process start → first reconcile ({@link FirstReconcile}) with the shipped JVM
 * flags, with them and the jars' AppCDS archives, and with none; (3) the idle RSS of {@code
 * bin/capstan run} per number of controllers and of {@code bin/capstan run --local} after its first
 * reconcile; (4) kustomize-controller's peak RSS and create → all Ready at 1000 Kustomizations
 * ({@link KustomizationScaleBench}, shipped jar and flags). The table and a "goals" block ({@link
 * FootprintGoals}: met / not met per goal of the issue, with the measured ratio) are appended to
 * {@code BENCHMARKS.md}.
 *
 * <p>"Shipped flags" are read from {@code deploy/kustomization.yaml}'s {@code capstan-jvm}
 * ConfigMap, with {@code -XX:MaxRAM=1g} standing for the Deployments' 1Gi memory limit (the flags
 * are percentages of the container's memory). System properties: {@code capstan.bench.runs}
 * (start-up runs per command, default 5), {@code capstan.bench.footprintScale=false} (skip part 4),
 * {@code capstan.bench.footprintLocal=false} (skip {@code run --local}), {@code
 * capstan.bench.footprintStartUp=false} (skip part 1), {@code capstan.bench.footprintFirst=false}
 * (skip part 2), {@code capstan.bench.footprintIdle=false} (skip the idle rows of part 3), {@code
 * capstan.bench.java25=/path/to/java} (another JDK: a start-up row of the engine jar and a part-2
 * variant with it, flags from {@code capstan.bench.java25Flags}, default {@value
 * #JAVA25_DEFAULT_FLAGS}; no such rows when unset).
 */
public final class FootprintBench {

  static final String COMMAND =
      "./mvnw -B -o -pl kustomize-engine,source-controller,kustomize-controller,helm-controller,"
          + "notification-controller,image-reflector,image-automation,cli,e2e -am verify -Pbench"
          + " -DskipTests -Dcapstan.bench.skipEngine=true"
          + " -Dcapstan.bench.skipKustomizations=true -Dcapstan.bench.skipHelmReleases=true";

  static final String JAVA25_DEFAULT_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  private static final Pattern JVM_LITERAL = Pattern.compile("- JAVA_TOOL_OPTIONS=(.*)");

  private FootprintBench() {}

  /** Runs everything, prints the rows and the goals, and appends them to {@code BENCHMARKS.md}. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    BenchReport report = new BenchReport("Footprint run", COMMAND);
    MarkdownTable table = new MarkdownTable("what", "figure", "note");
    FootprintGoals goals = new FootprintGoals();
    if (enabled("capstan.bench.footprintStartUp")) {
      startUp(root, out, Integer.getInteger("capstan.bench.runs", 5), table, goals);
    }
    if (enabled("capstan.bench.footprintFirst")) {
      List<String> shipped = shippedFlags(root);
      String java = MonitoredProcess.java();
      FirstReconcile.measure(
          root, out, new FirstReconcile.Variant("shipped", java, shipped, false), table, goals);
      FirstReconcile.measure(
          root,
          out,
          new FirstReconcile.Variant("shipped + AppCDS", java, shipped, true),
          table,
          goals);
      FirstReconcile.measure(
          root, out, new FirstReconcile.Variant("default", java, List.of(), false), table, goals);
      Optional<Path> java25 = jdk25();
      if (java25.isPresent()) {
        // the controllers on JDK 25: with the jars' AOT caches, and with compact object headers
        // (no cache: the caches are trained without them); MetaspaceReclaimPolicy is gone there
        List<String> shipped25 = new ArrayList<>(shipped);
        shipped25.removeIf(f -> f.startsWith("-XX:MetaspaceReclaimPolicy"));
        List<String> compact = new ArrayList<>(shipped25);
        compact.add("-XX:+UseCompactObjectHeaders");
        String j25 = java25.get().toString();
        FirstReconcile.measure(
            root,
            out,
            new FirstReconcile.Variant("JDK 25, shipped + AOT cache", j25, shipped25, true),
            table,
            goals);
        FirstReconcile.measure(
            root,
            out,
            new FirstReconcile.Variant("JDK 25, shipped + compact headers", j25, compact, false),
            table,
            goals);
      }
    }
    if (enabled("capstan.bench.footprintIdle")) {
      idleRun(root, out, table, goals);
    }
    if (enabled("capstan.bench.footprintLocal")) {
      idleLocal(root, out, table, goals);
    }
    if (enabled("capstan.bench.footprintScale")) {
      scale(root, out, table, goals);
    }
    String block = table + goals.render();
    System.out.println(block);
    report.append(
        root,
        out.resolve("footprint.md"),
        "`MALLOC_ARENA_MAX` = "
            + System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset")
            + ". Shipped controller flags: `"
            + String.join(" ", shippedFlags(root))
            + "`.",
        block);
  }

  private static boolean enabled(String property) {
    return !"false".equals(System.getProperty(property));
  }

  /** The controllers' JVM flags from deploy/'s ConfigMap, with the 1Gi limit as MaxRAM. */
  static List<String> shippedFlags(Path root) throws IOException {
    Matcher m = JVM_LITERAL.matcher(Files.readString(root.resolve("deploy/kustomization.yaml")));
    if (!m.find()) {
      throw new IllegalStateException("no JAVA_TOOL_OPTIONS literal in deploy/kustomization.yaml");
    }
    List<String> flags = new ArrayList<>(List.of("-XX:MaxRAM=1g"));
    for (String flag : m.group(1).trim().split("\\s+")) {
      // the images' archive path (/app/capstan.jsa) does not exist outside a container; a missing
      // SharedArchiveFile would also switch off the JDK's default archive
      if (!flag.startsWith("-XX:SharedArchiveFile=/app/")) {
        flags.add(flag);
      }
    }
    return flags;
  }

  // ---- (1) start-up ----

  /** The flags {@code bin/capstan} passes to every short command (not {@code run}). */
  static final List<String> START_UP_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:ArchiveRelocationMode=0",
          "-Xshare:auto");

  /** The start-up flags and, when the build wrote it, the archive of {@code jar}. */
  static List<String> withArchive(List<String> flags, Path jar) {
    List<String> all = new ArrayList<>(flags);
    Path archive = archiveOf(jar);
    if (Files.isRegularFile(archive)) {
      all.addAll(
          List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable", "-Xlog:all=warning:stderr"));
    }
    return all;
  }

  /** {@code target/x.jar} → {@code target/x.jsa}, the AppCDS archive the build writes. */
  // ---- JDK 25 AOT cache variants (issue #19): rows only when a JDK 25+ is found ----

  /**
   * The JDK 25+ of the JDK 25 rows: {@code capstan.bench.java25} (a {@code java}), else the one the
   * build trains the AOT caches with ({@code capstan.aot.java} or found by {@link AotCache}).
   */
  static Optional<Path> jdk25() {
    String explicit = System.getProperty("capstan.bench.java25", "").trim();
    if (!explicit.isEmpty()) {
      return Optional.of(Path.of(explicit));
    }
    return AotCache.findJava(System.getProperty("capstan.aot.java", ""), AotCache.candidates());
  }

  /** {@code target/x.jar} → {@code target/x.aot}, the JDK 25+ AOT cache the build writes. */
  static Path cacheOf(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".aot");
  }

  /**
   * {@link #withArchive} for {@code java}: on JDK 25+ the jar's AOT cache instead of its AppCDS
   * archive (and no {@code -Xshare}, which the JVM refuses beside {@code -XX:AOTCache}).
   */
  static List<String> withCache(String java, List<String> flags, Path jar) {
    Path home = AotCache.homeOf(Path.of(java));
    if (AotCache.feature(home) < 25) {
      return withArchive(flags, jar);
    }
    List<String> all = new ArrayList<>(flags);
    all.removeIf(f -> f.startsWith("-Xshare") || f.startsWith("-XX:MetaspaceReclaimPolicy"));
    if (Files.isRegularFile(cacheOf(jar))) {
      all.addAll(
          List.of("-XX:AOTCache=" + cacheOf(jar), "-Xlog:disable", "-Xlog:all=warning:stderr"));
    }
    return all;
  }

  static Path archiveOf(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
  }

  private static void startUp(
      Path root, Path out, int runs, MarkdownTable table, FootprintGoals goals) throws Exception {
    Path overlay = out.resolve("overlay-24");
    FileTree.deleteIfExists(overlay);
    Path small = new LargeOverlay(1, 4, 5L).writeTo(overlay);
    startUp(
        root, root.resolve("examples/webapp"), "`examples/webapp` (5 objects)", runs, table, goals);
    startUp(root, small, "a 24-object overlay (`LargeOverlay(1, 4, 5)`)", runs, table, goals);
  }

  /** The start-up commands on {@code tree}, by row name; kubectl first when it is installed. */
  static Map<String, List<String>> startUpCommands(Path root, Path tree, boolean kubectl) {
    Path engineJar = root.resolve("kustomize-engine/target/capstan-kustomize.jar");
    Path capstan = root.resolve("bin/capstan");
    List<String> build = List.of("-jar", engineJar.toString(), "build", tree.toString());
    Map<String, List<String>> commands = new LinkedHashMap<>();
    if (kubectl) {
      commands.put(KUBECTL, List.of("kubectl", "kustomize", tree.toString()));
    }
    commands.put(
        "`java -jar capstan-kustomize.jar build` (no flags)", concat(List.of("java"), build));
    commands.put(
        "`java <start-up flags + AppCDS> -jar capstan-kustomize.jar build`"
            + (Files.isRegularFile(archiveOf(engineJar)) ? "" : " (archive missing)"),
        concat(List.of("java"), withArchive(START_UP_FLAGS, engineJar), build));
    commands.put( // the bench's JDK: bin/capstan would pick the AOT cache's JDK 25 by itself
        "`bin/capstan build kustomization`",
        List.of(
            "env",
            "CAPSTAN_JAVA=" + MonitoredProcess.java(),
            capstan.toString(),
            "build",
            "kustomization",
            tree.toString()));
    Optional<Path> java25 = jdk25();
    if (java25.isPresent() && Files.isRegularFile(cacheOf(engineJar))) {
      List<String> flags =
          ControllerCommands.flags("capstan.bench.java25Flags", JAVA25_DEFAULT_FLAGS);
      commands.put(
          "`java25 <start-up flags + AOT cache> -jar capstan-kustomize.jar build`",
          concat(
              List.of(java25.get().toString()),
              flags,
              List.of(
                  "-XX:-UsePerfData",
                  "-XX:AOTCache=" + cacheOf(engineJar),
                  "-Xlog:disable",
                  "-Xlog:all=warning:stderr"),
              build));
      commands.put(
          "`bin/capstan build kustomization` on JDK 25 (AOT cache)",
          List.of(
              "env",
              "CAPSTAN_JAVA=" + java25.get(),
              capstan.toString(),
              "build",
              "kustomization",
              tree.toString()));
    }
    return commands;
  }

  private static final String KUBECTL = "`kubectl kustomize`";

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    Arrays.stream(parts).forEach(all::addAll);
    return all;
  }

  private static void startUp(
      Path root, Path tree, String treeName, int runs, MarkdownTable table, FootprintGoals goals)
      throws Exception {
    boolean kubectl = ProcessRun.onPath("kubectl");
    Map<String, List<String>> commands = startUpCommands(root, tree, kubectl);
    Map<String, List<ProcessRun.Result>> results = new LinkedHashMap<>();
    commands.keySet().forEach(k -> results.put(k, new ArrayList<>()));
    for (var command : commands.entrySet()) { // one warm-up each (page cache)
      ProcessRun.measure(command.getValue());
    }
    for (int i = 0; i < runs; i++) { // alternated, so load changes hit every command alike
      for (var command : commands.entrySet()) {
        results.get(command.getKey()).add(ProcessRun.measure(command.getValue()));
      }
    }
    double kubectlWall = kubectl ? median(results.get(KUBECTL), ProcessRun.Result::wallMs) : -1;
    double kubectlCpu = kubectl ? median(results.get(KUBECTL), ProcessRun.Result::cpuMs) : -1;
    for (var e : results.entrySet()) {
      double wall = median(e.getValue(), ProcessRun.Result::wallMs);
      double cpu = median(e.getValue(), ProcessRun.Result::cpuMs);
      long rss = e.getValue().stream().mapToLong(ProcessRun.Result::maxRssKb).max().orElse(-1);
      table.row(
          String.format("start-up: %s on %s, median of %d", e.getKey(), treeName, runs),
          String.format("**%.0f ms**", wall)
              + (kubectlWall > 0 ? String.format(" (%.1f× kubectl)", wall / kubectlWall) : ""),
          String.format("CPU (user + sys) median %.0f ms; max RSS %d MiB", cpu, rss / 1024));
      if (kubectl && !e.getKey().equals(KUBECTL)) {
        goals.startUp(treeName, e.getKey(), wall / kubectlWall, cpu / kubectlCpu);
      }
    }
  }

  private static double median(
      List<ProcessRun.Result> runs, java.util.function.ToDoubleFunction<ProcessRun.Result> figure) {
    double[] sorted = runs.stream().mapToDouble(figure).sorted().toArray();
    return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
  }

  static List<String> kustomizeControllerJar(Path root) {
    Path jar = root.resolve(FirstReconcile.KC_JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build kustomize-controller first");
    }
    return List.of(
        "-jar", jar.toString(), "--metrics-addr=127.0.0.1:0", "--health-addr=127.0.0.1:0");
  }

  // ---- (3) idle RSS of bin/capstan run ----

  /** The order controllers are added to {@code capstan run} (its {@code AllControllers} names). */
  static final List<String> RUN_ORDER =
      List.of(
          "source-controller",
          "kustomize-controller",
          "helm-controller",
          "notification-controller",
          "image-reflector-controller",
          "image-automation-controller");

  private static final Duration IDLE_SETTLE = Duration.ofSeconds(15);

  private static void idleRun(Path root, Path out, MarkdownTable table, FootprintGoals goals)
      throws Exception {
    Path tmp = Files.createTempDirectory("footprint-run");
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer())) {
      BenchCluster.prepare(plane, null);
      for (int count = 1; count <= RUN_ORDER.size(); count++) {
        String selection = String.join(",", RUN_ORDER.subList(0, count));
        List<String> cmd =
            List.of(
                root.resolve("bin/capstan").toString(),
                "run",
                "--kubeconfig=" + plane.kubeconfig(),
                "--storage-path=" + tmp.resolve("artifacts-" + count),
                "--storage-addr=127.0.0.1:0",
                "--metrics-addr=127.0.0.1:0",
                "--health-addr=127.0.0.1:0");
        try (MonitoredProcess run =
            MonitoredProcess.start(
                cmd,
                Map.of("CAPSTAN_JAVA_OPTS", "-Dcapstan.run.controllers=" + selection),
                out.resolve("capstan-run-" + count + ".log"))) {
          run.awaitLog("Ctrl-C stops.", Duration.ofMinutes(2));
          double idle = run.idleRssMib(IDLE_SETTLE, 10);
          table.row(
              String.format(
                  "`bin/capstan run`, %d controller%s (%s), idle, no objects",
                  count, count == 1 ? "" : "s", selection),
              String.format("**%.0f MiB** RSS", idle),
              "after 15 s idle; max of 10 samples over 5 s");
          goals.runIdle(count, idle);
        }
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
  }

  private static void idleLocal(Path root, Path out, MarkdownTable table, FootprintGoals goals)
      throws Exception {
    Path state = Files.createTempDirectory("footprint-local");
    Files.delete(state); // run --local creates it
    long start = System.nanoTime();
    try (MonitoredProcess local =
        MonitoredProcess.start(
            List.of(
                root.resolve("bin/capstan").toString(), "run", "--local", "--state-dir=" + state),
            Map.of(),
            out.resolve("capstan-run-local.log"))) {
      // the status table's columns widen with the kinds it lists: any run of spaces
      local.awaitLog(
          Pattern.compile("Kustomization/flux-system/webapp +True"), Duration.ofMinutes(10));
      double firstReconcile = (System.nanoTime() - start) / 1e9;
      double idle = local.idleRssMib(IDLE_SETTLE, 10);
      table.row(
          "`bin/capstan run --local`, idle after the first reconcile",
          String.format("**%.0f MiB** RSS", idle),
          String.format(
              "the capstan JVM (control-plane processes apart); process start → Kustomization"
                  + " `webapp` Ready %.1f s, control-plane start included; peak RSS %.0f MiB",
              firstReconcile, local.peakRssMib()));
      goals.localIdle(idle);
      goals.firstReconcile(
          "`bin/capstan run --local`: process start → Kustomization `webapp` Ready (control plane"
              + " included)",
          firstReconcile);
    } finally {
      FileTree.deleteIfExists(state);
    }
  }

  // ---- (4) kustomize-controller at 1000 Kustomizations ----

  private static void scale(Path root, Path out, MarkdownTable table, FootprintGoals goals)
      throws Exception {
    System.setProperty("capstan.bench.kcJvm", String.join(" ", shippedFlags(root)));
    System.setProperty("capstan.bench.kcCommand", String.join(" ", kustomizeControllerJar(root)));
    ScaleRun r = KustomizationScaleBench.run(root, out, 4, 1000).run();
    table.row(
        "kustomize-controller jar, 1000 Kustomizations, `--concurrent=4`, shipped flags",
        String.format(
            "**peak RSS %.0f MiB**, create → all Ready **%.1f s**",
            r.peakRssMib(), r.readySeconds()),
        String.format(
            "create loop %.1f s, controller CPU %.1f s, %d threads",
            r.createSeconds(), r.cpuSeconds(), r.threads()));
    goals.kustomizationsAtScale(r.peakRssMib(), r.readySeconds());
  }
}

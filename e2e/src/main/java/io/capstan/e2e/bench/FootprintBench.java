package io.capstan.e2e.bench;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.artifact.FileTree;
import io.capstan.runtime.process.AotCache;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The footprint benchmark of issue #19 (run by {@code -Pbench} in e2e, never by {@code verify}): in
 * one run it prints (1) start-up of {@code capstan-kustomize.jar build} and {@code bin/capstan
 * build kustomization} against {@code kubectl kustomize} on {@code examples/webapp} and a 24-object
 * overlay, alternated (wall and CPU medians); (2) source-controller's and kustomize-controller's
 * process start → first reconcile with the shipped JVM flags, with them and the jars' AppCDS
 * archives, and with none; (3) the idle RSS of {@code bin/capstan run} per number of controllers
 * and of {@code bin/capstan run --local} after its first reconcile; (4) kustomize-controller's peak
 * RSS and create → all Ready at 1000 Kustomizations ({@link KustomizationScaleBench}, shipped jar
 * and flags). The table is appended to {@code BENCHMARKS.md}.
 *
 * <p>"Shipped flags" are read from {@code deploy/kustomization.yaml}'s {@code capstan-jvm}
 * ConfigMap, with {@code -XX:MaxRAM=1g} standing for the Deployments' 1Gi memory limit (the flags
 * are percentages of the container's memory). System properties: {@code capstan.bench.runs}
 * (start-up runs per command, default 5), {@code capstan.bench.footprintScale=false} (skip part 4),
 * {@code capstan.bench.footprintLocal=false} (skip {@code run --local}), {@code
 * capstan.bench.footprintFirst=false} (skip part 2), {@code capstan.bench.footprintIdle=false}
 * (skip the idle rows of part 3).
 */
public final class FootprintBench {

  private static final Pattern JVM_LITERAL = Pattern.compile("- JAVA_TOOL_OPTIONS=(.*)");

  private FootprintBench() {}

  /** Runs everything, prints the rows and appends them to {@code BENCHMARKS.md}. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Files.createDirectories(root.resolve("e2e/target/bench"));
    String load0 = loadAverage();
    List<String> rows = new ArrayList<>();
    rows.addAll(startUp(root, out, Integer.getInteger("capstan.bench.runs", 5)));
    if (!"false".equals(System.getProperty("capstan.bench.footprintFirst"))) {
      rows.addAll(firstReconcile(root, out));
      rows.addAll(jdk25FirstReconcile(root, out));
    }
    if (!"false".equals(System.getProperty("capstan.bench.footprintIdle"))) {
      rows.addAll(idleRun(root, out));
    }
    if (!"false".equals(System.getProperty("capstan.bench.footprintLocal"))) {
      rows.add(idleLocal(root, out));
    }
    if (!"false".equals(System.getProperty("capstan.bench.footprintScale"))) {
      rows.add(scale(root, out));
    }
    String table =
        "| what | figure | note |\n| --- | --- | --- |\n" + String.join("\n", rows) + "\n";
    System.out.println(table);
    String block =
        "\n### Footprint run of "
            + Instant.now().truncatedTo(ChronoUnit.MINUTES)
            + "\n\nMachine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, Java "
            + System.getProperty("java.version")
            + ", load average "
            + load0
            + " at the start and "
            + loadAverage()
            + " at the end (other helpers' builds share the machine: times are upper bounds,"
            + " memory is meaningful). Command: `./mvnw -B -o -pl source-controller,"
            + "kustomize-controller,cli,e2e -am verify -Pbench -DskipTests"
            + " -Dcapstan.bench.skipEngine=true -Dcapstan.bench.skipKustomizations=true`."
            + " `MALLOC_ARENA_MAX` = "
            + System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset")
            + ". Shipped controller flags: `"
            + String.join(" ", shippedFlags(root))
            + "`.\n\n"
            + table;
    Files.writeString(out.resolve("footprint.md"), block);
    Files.writeString(
        root.resolve("BENCHMARKS.md"),
        block,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The controllers' JVM flags from deploy/'s ConfigMap, with the 1Gi limit as MaxRAM. */
  static List<String> shippedFlags(Path root) throws IOException {
    Matcher m = JVM_LITERAL.matcher(Files.readString(root.resolve("deploy/kustomization.yaml")));
    if (!m.find()) {
      throw new IllegalStateException("no JAVA_TOOL_OPTIONS literal in deploy/kustomization.yaml");
    }
    List<String> flags = new ArrayList<>(List.of("-XX:MaxRAM=1g"));
    flags.addAll(Arrays.asList(m.group(1).trim().split("\\s+")));
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
  static Path archiveOf(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
  }

  private static List<String> startUp(Path root, Path out, int runs) throws Exception {
    Path overlay = out.resolve("overlay-24");
    FileTree.deleteIfExists(overlay);
    Path small = new LargeOverlay(1, 4, 5L).writeTo(overlay);
    List<String> rows = new ArrayList<>();
    rows.addAll(
        startUp(root, root.resolve("examples/webapp"), "`examples/webapp` (5 objects)", runs));
    rows.addAll(startUp(root, small, "a 24-object overlay (`LargeOverlay(1, 4, 5)`)", runs));
    return rows;
  }

  private static List<String> startUp(Path root, Path tree, String treeName, int runs)
      throws Exception {
    Path engineJar = root.resolve("kustomize-engine/target/capstan-kustomize.jar");
    Path capstan = root.resolve("bin/capstan");
    List<String> fast = new ArrayList<>(List.of("java"));
    fast.addAll(withArchive(START_UP_FLAGS, engineJar));
    fast.addAll(List.of("-jar", engineJar.toString(), "build", tree.toString()));
    Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
    boolean kubectl = ProcessRun.onPath("kubectl");
    if (kubectl) {
      commands.put("`kubectl kustomize`", List.of("kubectl", "kustomize", tree.toString()));
    }
    commands.put(
        "`java -jar capstan-kustomize.jar build` (no flags)",
        List.of("java", "-jar", engineJar.toString(), "build", tree.toString()));
    commands.put(
        "`java <start-up flags + AppCDS> -jar capstan-kustomize.jar build`"
            + (Files.isRegularFile(archiveOf(engineJar)) ? "" : " (archive missing)"),
        fast);
    commands.put( // the bench's JDK: bin/capstan would pick the AOT cache's JDK 25 by itself
        "`bin/capstan build kustomization`",
        List.of(
            "env",
            "CAPSTAN_JAVA=" + MonitoredProcess.java(),
            capstan.toString(),
            "build",
            "kustomization",
            tree.toString()));
    commands.putAll(jdk25StartUp(root, tree));
    Map<String, List<ProcessRun.Result>> results = new java.util.LinkedHashMap<>();
    commands.keySet().forEach(k -> results.put(k, new ArrayList<>()));
    for (var command : commands.entrySet()) { // one warm-up each (page cache)
      ProcessRun.measure(command.getValue());
    }
    for (int i = 0; i < runs; i++) { // alternated, so load changes hit every command alike
      for (var command : commands.entrySet()) {
        results.get(command.getKey()).add(ProcessRun.measure(command.getValue()));
      }
    }
    double kubectlMedian =
        kubectl ? median(results.get("`kubectl kustomize`").stream().map(r -> r.wallMs())) : -1;
    List<String> rows = new ArrayList<>();
    for (var e : results.entrySet()) {
      double median = median(e.getValue().stream().map(ProcessRun.Result::wallMs));
      double cpu = median(e.getValue().stream().map(ProcessRun.Result::cpuMs));
      long rss = e.getValue().stream().mapToLong(ProcessRun.Result::maxRssKb).max().orElse(-1);
      rows.add(
          String.format(
              "| start-up: %s on %s, median of %d | **%.0f ms**%s | CPU (user + sys) median %.0f"
                  + " ms; max RSS %d MiB |",
              e.getKey(),
              treeName,
              runs,
              median,
              kubectlMedian > 0 ? String.format(" (%.1f× kubectl)", median / kubectlMedian) : "",
              cpu,
              rss / 1024));
    }
    return rows;
  }

  private static double median(java.util.stream.Stream<Double> values) {
    double[] sorted = values.mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
  }

  // ---- JDK 25 AOT cache variants (issue #19, aotstart): rows only when a JDK 25+ is found ----

  /** The JDK 25+ the build trains the AOT caches with ({@code capstan.aot.java} or found). */
  static java.util.Optional<Path> jdk25() {
    return AotCache.findJava(System.getProperty("capstan.aot.java", ""), AotCache.candidates());
  }

  /** {@code target/x.jar} → {@code target/x.aot}, the JDK 25+ AOT cache the build writes. */
  static Path cacheOf(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".aot");
  }

  /**
   * {@link #withArchive} for the bench's {@code java} ({@link MonitoredProcess#java}): on JDK 25+
   * the jar's AOT cache instead of its AppCDS archive (and no {@code -Xshare}, which the JVM
   * refuses beside {@code -XX:AOTCache}).
   */
  static List<String> withCache(List<String> flags, Path jar) {
    Path home = AotCache.homeOf(Path.of(MonitoredProcess.java()));
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

  /** Start-up commands on JDK 25 with the AOT caches; none without a JDK 25+ or its caches. */
  static Map<String, List<String>> jdk25StartUp(Path root, Path tree) {
    Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
    java.util.Optional<Path> java = jdk25();
    Path engineJar = root.resolve("kustomize-engine/target/capstan-kustomize.jar");
    if (java.isEmpty() || !Files.isRegularFile(cacheOf(engineJar))) {
      return commands;
    }
    List<String> engine = new ArrayList<>(List.of(java.get().toString()));
    engine.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
    engine.addAll(
        List.of("-XX:AOTCache=" + cacheOf(engineJar), "-Xlog:disable", "-Xlog:all=warning:stderr"));
    engine.addAll(List.of("-jar", engineJar.toString(), "build", tree.toString()));
    commands.put("`java25 <start-up flags + AOT cache> -jar capstan-kustomize.jar build`", engine);
    commands.put(
        "`bin/capstan build kustomization` on JDK 25 (AOT cache)",
        List.of(
            "env",
            "CAPSTAN_JAVA=" + java.get(),
            root.resolve("bin/capstan").toString(),
            "build",
            "kustomization",
            tree.toString()));
    return commands;
  }

  /**
   * Process start → first reconcile on JDK 25 with the shipped flags and the jars' AOT caches, and
   * with compact object headers (no cache: the caches are trained without them), single runs.
   */
  static List<String> jdk25FirstReconcile(Path root, Path out) throws Exception {
    java.util.Optional<Path> java = jdk25();
    if (java.isEmpty()) {
      return List.of();
    }
    List<String> shipped = new ArrayList<>(shippedFlags(root));
    shipped.removeIf(f -> f.startsWith("-XX:MetaspaceReclaimPolicy")); // gone in JDK 21
    List<String> compact = new ArrayList<>(shipped);
    compact.add("-XX:+UseCompactObjectHeaders");
    String previous = System.getProperty("capstan.bench.java");
    System.setProperty("capstan.bench.java", java.get().toString());
    try {
      List<String> rows = new ArrayList<>();
      rows.addAll(firstReconcile(root, out, "JDK 25, shipped + AOT cache", shipped, true));
      rows.addAll(firstReconcile(root, out, "JDK 25, shipped + compact headers", compact, false));
      return rows;
    } finally {
      if (previous == null) {
        System.clearProperty("capstan.bench.java");
      } else {
        System.setProperty("capstan.bench.java", previous);
      }
    }
  }

  // ---- (2) process start -> first reconcile ----

  private static List<String> firstReconcile(Path root, Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    List<String> shipped = shippedFlags(root);
    rows.addAll(firstReconcile(root, out, "shipped", shipped, false));
    rows.addAll(firstReconcile(root, out, "shipped + AppCDS", shipped, true));
    rows.addAll(firstReconcile(root, out, "default", List.of(), false));
    return rows;
  }

  /**
   * One cluster: the source-controller jar (process start → GitRepository Ready, the GitRepository
   * created right after the start) and then the kustomize-controller jar (process start → first
   * Kustomization Ready, its GitRepository already Ready), both with {@code jvm} and, with {@code
   * archive}, each jar's AppCDS archive.
   */
  private static List<String> firstReconcile(
      Path root, Path out, String tag, List<String> jvm, boolean archive) throws Exception {
    Path tmp = Files.createTempDirectory("footprint-first");
    String fileTag = tag.replaceAll("[^a-zA-Z]+", "-");
    Path sourceJar = root.resolve(ControllerCommands.SOURCE_JAR);
    Path kcJar = root.resolve("kustomize-controller/target/capstan-kustomize-controller.jar");
    List<String> sourceJvm = archive ? withCache(jvm, sourceJar) : jvm;
    List<String> kcJvm = archive ? withCache(jvm, kcJar) : jvm;
    String previous = System.getProperty("capstan.bench.scJvm");
    // an explicit no-op flag, so an empty list does not fall back to the bench's default flags
    System.setProperty(
        "capstan.bench.scJvm",
        sourceJvm.isEmpty() ? "-Dcapstan.jvm.defaults=true" : String.join(" ", sourceJvm));
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer());
        TestGitRepository repo = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git = GitHttpServer.builder().start()) {
      KubernetesClient client = fleet(plane, repo, git);
      long sourceStart = System.nanoTime();
      try (MonitoredProcess source =
          ControllerCommands.sourceController(
              root, plane.kubeconfig(), tmp, out, "footprint-" + fileTag)) {
        var gitRepos =
            client.genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository");
        gitRepos
            .inNamespace("bench")
            .resource(FleetFixture.gitRepository("bench", git.url("fleet").toString()))
            .create();
        awaitReady(gitRepos.inNamespace("bench").withName("fleet"), source, 120);
        double sourceSeconds = (System.nanoTime() - sourceStart) / 1e9;
        var kustomizations =
            client.genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
        kustomizations
            .inNamespace("bench")
            .resource(FleetFixture.kustomization("bench", 0))
            .create();
        List<String> cmd = new ArrayList<>(List.of(MonitoredProcess.java()));
        cmd.addAll(kcJvm);
        cmd.addAll(kustomizeControllerJar(root));
        long start = System.nanoTime();
        try (MonitoredProcess kc =
            MonitoredProcess.start(
                cmd,
                Map.of("KUBECONFIG", plane.kubeconfig().toString()),
                out.resolve("kustomize-controller-first-" + fileTag + ".log"))) {
          awaitReady(kustomizations.inNamespace("bench").withName("k0"), kc, 180);
          double seconds = (System.nanoTime() - start) / 1e9;
          return List.of(
              String.format(
                  "| source-controller jar: process start → first GitRepository Ready, %s JVM"
                      + " flags | **%.1f s** | peak RSS %.0f MiB; flags: `%s` |",
                  tag,
                  sourceSeconds,
                  source.peakRssMib(),
                  sourceJvm.isEmpty() ? "(JVM defaults)" : String.join(" ", sourceJvm)),
              String.format(
                  "| kustomize-controller jar: process start → first Kustomization Ready, %s JVM"
                      + " flags | **%.1f s** | peak RSS %.0f MiB; flags: `%s` |",
                  tag,
                  seconds,
                  kc.peakRssMib(),
                  kcJvm.isEmpty() ? "(JVM defaults)" : String.join(" ", kcJvm)));
        }
      }
    } finally {
      if (previous == null) {
        System.clearProperty("capstan.bench.scJvm");
      } else {
        System.setProperty("capstan.bench.scJvm", previous);
      }
      FileTree.deleteIfExists(tmp);
    }
  }

  /** The cluster of one benchmark: CRDs, the fleet repository served, namespace {@code bench}. */
  private static KubernetesClient fleet(
      KubeControlPlane plane, TestGitRepository repo, GitHttpServer git) throws Exception {
    KubernetesClient client = plane.client();
    CustomResourceDefinitions.install(
        client,
        CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
        Duration.ofMinutes(1));
    repo.commit("main", "fleet", FleetFixture.files());
    git.serve("fleet", repo.repository());
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
        .create();
    return client;
  }

  static List<String> kustomizeControllerJar(Path root) {
    Path jar = root.resolve("kustomize-controller/target/capstan-kustomize-controller.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build kustomize-controller first");
    }
    return List.of(
        "-jar", jar.toString(), "--metrics-addr=127.0.0.1:0", "--health-addr=127.0.0.1:0");
  }

  private static void awaitReady(
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> object,
      MonitoredProcess controller,
      int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline && controller.isAlive()) {
      GenericKubernetesResource current = object.get();
      if (current != null && FleetFixture.isReady(current)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("not Ready in " + seconds + " s, see " + controller.log());
  }

  // ---- (3) idle RSS of bin/capstan run ----

  private static final List<String> RUN_ORDER =
      List.of(
          "source-controller",
          "kustomize-controller",
          "notification-controller",
          "image-reflector-controller",
          "image-automation-controller");

  private static List<String> idleRun(Path root, Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    Path tmp = Files.createTempDirectory("footprint-run");
    try (KubeControlPlane plane = KubeControlPlane.start(KubeControlPlane.Options.apiServer())) {
      CustomResourceDefinitions.install(
          plane.client(),
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofMinutes(1));
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
          awaitLog(run, "Ctrl-C stops.", 120);
          double idle = idleRss(run);
          rows.add(
              String.format(
                  "| `bin/capstan run`, %d controller%s (%s), idle, no objects | **%.0f MiB**"
                      + " RSS | after 15 s idle; max of 10 samples over 5 s |",
                  count, count == 1 ? "" : "s", selection, idle));
        }
      }
    } finally {
      FileTree.deleteIfExists(tmp);
    }
    return rows;
  }

  private static String idleLocal(Path root, Path out) throws Exception {
    Path state = Files.createTempDirectory("footprint-local");
    Files.delete(state); // run --local creates it
    long start = System.nanoTime();
    try (MonitoredProcess local =
        MonitoredProcess.start(
            List.of(
                root.resolve("bin/capstan").toString(), "run", "--local", "--state-dir=" + state),
            Map.of(),
            out.resolve("capstan-run-local.log"))) {
      awaitLog(local, "Kustomization/flux-system/webapp  True", 600);
      double firstReconcile = (System.nanoTime() - start) / 1e9;
      double idle = idleRss(local);
      return String.format(
          "| `bin/capstan run --local`, idle after the first reconcile | **%.0f MiB** RSS |"
              + " the capstan JVM (control-plane processes apart); process start → Kustomization"
              + " `webapp` Ready %.1f s, control-plane start included; peak RSS %.0f MiB |",
          idle, firstReconcile, local.peakRssMib());
    } finally {
      FileTree.deleteIfExists(state);
    }
  }

  /** Waits 15 s, then the highest of 10 VmRSS samples 0.5 s apart, in MiB. */
  private static double idleRss(MonitoredProcess process) throws Exception {
    Thread.sleep(15_000);
    long max = 0;
    for (int i = 0; i < 10; i++) {
      for (String line : Files.readAllLines(Path.of("/proc", process.pid(), "status"))) {
        if (line.startsWith("VmRSS:")) {
          max = Math.max(max, Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
      Thread.sleep(500);
    }
    return max / 1024.0;
  }

  private static void awaitLog(MonitoredProcess process, String text, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.readString(process.log(), StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no '" + text + "' in " + process.log());
  }

  // ---- (4) kustomize-controller at 1000 Kustomizations ----

  private static String scale(Path root, Path out) throws Exception {
    System.setProperty("capstan.bench.kcJvm", String.join(" ", shippedFlags(root)));
    System.setProperty("capstan.bench.kcCommand", String.join(" ", kustomizeControllerJar(root)));
    KustomizationScaleBench.Result r = KustomizationScaleBench.run(root, out, 4, 1000);
    return String.format(
        "| kustomize-controller jar, 1000 Kustomizations, `--concurrent=4`, shipped flags |"
            + " **peak RSS %.0f MiB**, create → all Ready **%.1f s** | create loop %.1f s,"
            + " controller CPU %.1f s, %d threads |",
        r.peakRssMib(), r.readySeconds(), r.createSeconds(), r.cpuSeconds(), r.threads());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}

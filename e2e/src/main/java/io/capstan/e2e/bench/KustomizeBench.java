package io.capstan.e2e.bench;

import io.capstan.kustomize.engine.Kustomizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Benchmark of issue #5: builds the {@link LargeOverlay} tree in-process (steady state), as a fresh
 * {@code java -jar} process and with {@code kubectl kustomize}, checks once that the outputs are
 * byte-identical, prints a markdown table and appends it to {@code BENCHMARKS.md}.
 *
 * <p>Usage: {@code KustomizeBench REPO_ROOT}; run through {@code ./mvnw -B -Pbench -pl e2e -am
 * -DskipTests verify}.
 */
public final class KustomizeBench {
  static final String HEADING = "## kustomize-engine: large overlay build (issue #5)";
  static final String COMMAND = "./mvnw -B -Pbench -pl e2e -am -DskipTests verify";
  private static final int WARMUP = 10;
  private static final int MEASURED = 20;
  private static final int PROCESS_RUNS = 5;

  private KustomizeBench() {}

  /** Runs the whole benchmark once; exits non-zero if a build fails. */
  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    Path jar = repo.resolve("kustomize-engine/target/capstan-kustomize.jar");
    Path work = Files.createTempDirectory("kbench");
    Path top = new LargeOverlay(4, 100, 5L).writeTo(work);
    long inputFiles;
    try (var files = Files.walk(work)) {
      inputFiles = files.filter(Files::isRegularFile).count();
    }

    Kustomizer kustomizer = Kustomizer.create();
    String ours = Kustomizer.render(kustomizer.build(top));
    long objects = ours.lines().filter(l -> l.startsWith("kind: ")).count();
    System.out.printf("input: %s (%d files), output: %d objects%n", top, inputFiles, objects);

    boolean haveKubectl = ProcessRun.onPath("kubectl");
    String identical;
    if (haveKubectl) {
      String theirs = ProcessRun.output(List.of("kubectl", "kustomize", top.toString()));
      identical = theirs.equals(ours) ? "yes" : "no";
      if (!theirs.equals(ours)) {
        System.out.println("first difference at line " + firstDifference(ours, theirs));
      }
    } else {
      identical = "not checked (no kubectl)";
    }
    System.out.println("identical: " + identical);

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    for (int i = 0; i < WARMUP; i++) {
      Kustomizer.render(kustomizer.build(top));
    }
    double[] ms = new double[MEASURED];
    long allocated = 0;
    String last = null;
    for (int i = 0; i < MEASURED; i++) {
      long a0 = threads.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      last = Kustomizer.render(kustomizer.build(top));
      ms[i] = (System.nanoTime() - t0) / 1e6;
      allocated += threads.getThreadAllocatedBytes(tid) - a0;
    }
    if (!ours.equals(last)) {
      throw new IllegalStateException("in-process builds are not deterministic");
    }
    System.gc();
    long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss = ProcessRun.selfRssKb();

    List<ProcessRun.Result> fresh = new ArrayList<>();
    for (int i = 0; i < PROCESS_RUNS; i++) {
      fresh.add(
          ProcessRun.measure(List.of("java", "-jar", jar.toString(), "build", top.toString())));
    }
    List<ProcessRun.Result> kubectl = new ArrayList<>();
    if (haveKubectl) {
      for (int i = 0; i < PROCESS_RUNS; i++) {
        kubectl.add(ProcessRun.measure(List.of("kubectl", "kustomize", top.toString())));
      }
    }

    String javaVersion = System.getProperty("java.runtime.version");
    String kubectlVersion =
        haveKubectl
            ? ProcessRun.output(List.of("kubectl", "version", "--client"))
                .lines()
                .findFirst()
                .orElse("?")
            : "absent";
    StringBuilder md = new StringBuilder();
    md.append("\n").append(HEADING).append("\n\n");
    md.append("Run ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" — `")
        .append(COMMAND)
        .append("`  \n");
    md.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (nproc), JDK ")
        .append(javaVersion)
        .append(", kubectl `")
        .append(kubectlVersion)
        .append("`, load average at start `")
        .append(load)
        .append("`  \n");
    md.append("Memory (`free -h`):\n\n```\n")
        .append(ProcessRun.output(List.of("free", "-h")).stripTrailing())
        .append("\n```\n\n");
    md.append(
        String.format(
            "Input: generated by `LargeOverlay(4 teams, 100 apps, seed 5)`: %d files, 3 levels"
                + " (4 bases → 4 team overlays → top), %d objects out; SMP + JSON 6902 patches"
                + " with targets, ConfigMap/Secret generators (hash suffix, merge, reference"
                + " fix), replacements, namePrefix/namespace/labels/images."
                + " Output byte-identical to `kubectl kustomize`: **%s**.%n%n",
            inputFiles, objects, identical));
    if (Double.parseDouble(load.split(" ")[0]) > 1.0) {
      md.append(
          "_Load average > 1: the machine was shared with other builds; figures are noisy._\n\n");
    }
    md.append("| build | runs | median | p90 | memory |\n| --- | --- | --- | --- | --- |\n");
    md.append(
        String.format(
            "| in-process steady state (after %d warm-up builds; build + render) | %d | %.0f ms"
                + " | %.0f ms | %.0f MB allocated per build; heap used after GC %.0f MiB; JVM RSS"
                + " %.0f MiB |%n",
            WARMUP,
            MEASURED,
            percentile(ms, 50),
            percentile(ms, 90),
            allocated / (double) MEASURED / 1e6,
            heapAfterGc / 1048576.0,
            rss / 1024.0));
    md.append(processRow("fresh `java -jar capstan-kustomize.jar build`", fresh));
    if (haveKubectl) {
      md.append(processRow("`kubectl kustomize`", kubectl));
    } else {
      md.append("| `kubectl kustomize` | skipped: kubectl not on PATH | | | |\n");
    }
    md.append("\nProcess rows: wall time measured around the process, max RSS from ")
        .append(ProcessRun.rssSource())
        .append(".\n");
    System.out.print(md);
    Files.writeString(
        repo.resolve("BENCHMARKS.md"),
        md.toString(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    deleteTree(work);
  }

  private static String processRow(String label, List<ProcessRun.Result> runs) {
    double[] wall = runs.stream().mapToDouble(ProcessRun.Result::wallMs).toArray();
    long maxRss = runs.stream().mapToLong(ProcessRun.Result::maxRssKb).max().orElse(-1);
    return String.format(
        "| %s | %d | %.0f ms | %.0f ms | max RSS %s |%n",
        label,
        runs.size(),
        percentile(wall, 50),
        percentile(wall, 90),
        maxRss < 0 ? "n/a" : String.format("%.0f MiB", maxRss / 1024.0));
  }

  /** Nearest-rank percentile of {@code values}. */
  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static int firstDifference(String a, String b) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (!x[i].equals(y[i])) {
        return i + 1;
      }
    }
    return Math.min(x.length, y.length) + 1;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

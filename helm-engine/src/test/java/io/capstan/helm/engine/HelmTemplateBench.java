package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.capstan.testing.tools.TestTools;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A benchmark, not a test ({@code -Pbench} only; see BENCHMARKS.md for the command): renders
 * kube-prometheus-stack (the public conformance case, 270 template files with its subcharts) with
 * helm-engine in-process (steady state), with a fresh {@code java -jar capstan-helm.jar template}
 * and with the real {@code helm template} ({@link TestTools#helm()}), on the same machine in the
 * same run, and prints the BENCHMARKS.md rows (also written to {@code
 * target/helm-template-bench.md}).
 */
@EnabledIfSystemProperty(named = "capstan.bench", matches = "true")
class HelmTemplateBench {
  private static final String CASE = "prometheus-community--kube-prometheus-stack";
  private static final int WARMUP = 20;
  private static final int MEASURED = 20;
  private static final int FRESH_RUNS = 5;

  @Test
  void kubePrometheusStack() throws Exception {
    Path cases = Path.of("../../shared/reference/helm-conformance/cases");
    if (!Files.isDirectory(cases)) {
      cases = Path.of("../shared/reference/helm-conformance/cases");
    }
    Path dir = cases.resolve(CASE);
    assumeTrue(Files.isDirectory(dir), "no conformance cases (../shared absent)");
    List<String> args = HelmDifferentialTest.caseArgs(dir);
    String[] argv = args.toArray(new String[0]);

    // in-process: the CLI's own path (load, values, render, output) on a warm JVM
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long firstStart = System.nanoTime();
    String expected = Main.template(dir, argv);
    long first = System.nanoTime() - firstStart;
    List<Long> times = new ArrayList<>();
    List<Long> allocations = new ArrayList<>();
    for (int i = 0; i < WARMUP + MEASURED; i++) {
      long bytes = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      String out = Main.template(dir, argv);
      long elapsed = System.nanoTime() - start;
      long allocated = threads.getCurrentThreadAllocatedBytes() - bytes;
      assertThat(out).isEqualTo(expected);
      if (i >= WARMUP) {
        times.add(elapsed);
        allocations.add(allocated);
      }
    }
    double inProcessMs = median(times) / 1e6;
    double allocatedMb = median(allocations) / 1e6;

    // render only: one loaded Chart rendered again and again (what helm-controller does with a
    // cached chart); the case's flags are -f values/pinned.yaml --kube-version 1.36.0
    Chart chart = ChartLoader.load(dir.resolve("chart"));
    var values =
        new ValueOverrides().baseDir(dir).valuesFile(Path.of("values/pinned.yaml")).merge();
    RenderOptions options = RenderOptions.install("rel", "ns1").withKubeVersion("1.36.0");
    List<Long> renderTimes = new ArrayList<>();
    List<Long> renderAllocations = new ArrayList<>();
    for (int i = 0; i < WARMUP + MEASURED; i++) {
      long bytes = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      String out = HelmEngine.render(chart, values, options).templateOutput(false, false, false);
      long elapsed = System.nanoTime() - start;
      long allocated = threads.getCurrentThreadAllocatedBytes() - bytes;
      assertThat(out).isEqualTo(expected);
      if (i >= WARMUP) {
        renderTimes.add(elapsed);
        renderAllocations.add(allocated);
      }
    }
    double renderMs = median(renderTimes) / 1e6;
    double renderMb = median(renderAllocations) / 1e6;

    Path jar = Path.of("target/capstan-helm.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> javaCmd = new ArrayList<>();
    javaCmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    javaCmd.add("-jar");
    javaCmd.add(jar.toString());
    javaCmd.add("template");
    javaCmd.addAll(args);
    Timed java = timed(dir, javaCmd, expected);

    List<String> helmCmd = new ArrayList<>();
    helmCmd.add(TestTools.helm().toString());
    helmCmd.add("template");
    helmCmd.addAll(args);
    Timed helm = timed(dir, helmCmd, expected);

    String rows =
        String.format(
            Locale.ROOT,
            "Run %s, `%s` (%d documents), load average %.2f, JDK %s%n%n"
                + "| renderer | median time | peak RSS | note |%n"
                + "| --- | --- | --- | --- |%n"
                + "| `helm template` (Go binary, TestTools.helm() v%s), %d runs | **%.3f s**"
                + " (%.3f–%.3f) | %d MiB | |%n"
                + "| helm-engine in-process, load + values + render + output, steady state"
                + " (median of %d after %d warm-up) | **%.1f ms** (first run %.0f ms) | — |"
                + " **%.2f× the binary**; %.0f MB allocated per run |%n"
                + "| helm-engine in-process, render + output of a loaded chart, steady state |"
                + " **%.1f ms** | — | **%.2f× the binary**; %.0f MB allocated per render |%n"
                + "| `java -jar capstan-helm.jar template`, %d runs | %.3f s (%.3f–%.3f) |"
                + " %d MiB | JVM start-up included |%n",
            Instant.now().toString().substring(0, 19) + "Z",
            CASE,
            expected.split("(?m)^---$").length - 1,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            System.getProperty("java.version"),
            TestTools.helmVersion(),
            FRESH_RUNS,
            helm.median,
            helm.min,
            helm.max,
            helm.rssMib,
            MEASURED,
            WARMUP,
            inProcessMs,
            first / 1e6,
            inProcessMs / 1000 / helm.median,
            allocatedMb,
            renderMs,
            renderMs / 1000 / helm.median,
            renderMb,
            FRESH_RUNS,
            java.median,
            java.min,
            java.max,
            java.rssMib);
    System.out.println(rows);
    Files.writeString(Path.of("target/helm-template-bench.md"), rows);
  }

  private record Timed(double median, double min, double max, long rssMib) {}

  /** Runs a command {@value #FRESH_RUNS} times under /usr/bin/time (wall seconds, max RSS). */
  private static Timed timed(Path dir, List<String> command, String expected) throws Exception {
    List<Long> nanos = new ArrayList<>();
    long rssKb = 0;
    boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
    for (int i = 0; i < FRESH_RUNS; i++) {
      List<String> cmd = new ArrayList<>();
      Path timeOut = Files.createTempFile("bench-time", ".txt");
      if (gnuTime) {
        cmd.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", timeOut.toString()));
      }
      cmd.addAll(command);
      Path out = Files.createTempFile("bench-out", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("TZ", "UTC");
      long start = System.nanoTime();
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      nanos.add(System.nanoTime() - start);
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(expected);
      if (gnuTime) {
        String kb = Files.readString(timeOut).strip();
        rssKb = Math.max(rssKb, Long.parseLong(kb.substring(kb.lastIndexOf('\n') + 1).strip()));
      }
      Files.deleteIfExists(out);
      Files.deleteIfExists(timeOut);
    }
    return new Timed(
        median(nanos) / 1e9,
        Collections.min(nanos) / 1e9,
        Collections.max(nanos) / 1e9,
        rssKb / 1024);
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}

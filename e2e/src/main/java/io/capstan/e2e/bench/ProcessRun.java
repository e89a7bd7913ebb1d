package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an external command for the benchmark: its wall time (measured here, around the process) and
 * its maximum resident set size from {@code /usr/bin/time -v} when that exists.
 */
final class ProcessRun {
  private static final Path TIME = Path.of("/usr/bin/time");

  /**
   * Wall time of one run in milliseconds; max RSS in KiB and CPU time (user + system, 10 ms
   * resolution) in milliseconds, each -1 when unknown.
   */
  record Result(double wallMs, long maxRssKb, double cpuMs) {}

  private ProcessRun() {}

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  static String rssSource() {
    return Files.isExecutable(TIME) ? "`/usr/bin/time -v`" : "nowhere (no /usr/bin/time)";
  }

  /** Runs {@code command} with stdout discarded; fails if it exits non-zero. */
  static Result measure(List<String> command) throws IOException, InterruptedException {
    Path report = Files.createTempFile("kbench-time", ".txt");
    List<String> full = new ArrayList<>();
    boolean timed = Files.isExecutable(TIME);
    if (timed) {
      full.addAll(List.of(TIME.toString(), "-v", "-o", report.toString()));
    }
    full.addAll(command);
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(full)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int rc = p.waitFor();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (rc != 0) {
      throw new IllegalStateException(command + " exited " + rc);
    }
    long rss = -1;
    double cpu = timed ? 0 : -1;
    if (timed) {
      for (String line : Files.readAllLines(report)) {
        String t = line.trim();
        String value = t.substring(t.indexOf(':') + 1).trim();
        if (t.startsWith("Maximum resident set size (kbytes):")) {
          rss = Long.parseLong(value);
        } else if (t.startsWith("User time (seconds):") || t.startsWith("System time (seconds):")) {
          cpu += Double.parseDouble(value) * 1000;
        }
      }
    }
    Files.deleteIfExists(report);
    return new Result(ms, rss, cpu);
  }

  /** Runs {@code command} and returns its stdout; fails if it exits non-zero. */
  static String output(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException(command + " exited " + rc);
    }
    return out;
  }

  /** Resident set size of this JVM now (VmRSS), in KiB; -1 when /proc is unavailable. */
  static long selfRssKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    return Files.exists(status) ? ProcStatus.parse(Files.readString(status)).rssKib() : -1;
  }
}
